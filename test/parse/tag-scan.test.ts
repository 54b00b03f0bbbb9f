import { describe, expect, it } from 'vitest';
import { rootNamespace, scanTags, tagAt } from '../../engine/src/compile/parse/tag-scan.ts';

describe('scanTags', () => {
  it('skips comments, CDATA and processing instructions and honours quoted ">"', () => {
    // given
    const xml =
      '<?xml version="1.0"?><!-- <fake id="c"> --><a id="root"><b id="x" cond="a > b"/>' +
      '<![CDATA[ <fake id="d"> ]]><c><d/></c></a>';

    // when
    const { tags, unclosed } = scanTags(xml);

    // then
    expect(tags.map((t) => [t.name, t.id, t.parent])).toEqual([
      ['a', 'root', -1],
      ['b', 'x', 0],
      ['c', undefined, 0],
      ['d', undefined, 2],
    ]);
    expect(unclosed).toEqual([]);
    expect(tags[1].text).toBe('<b id="x" cond="a > b"/>');
  });

  it('finds the innermost element around an offset and the elements left open', () => {
    // given
    const xml = '<a id="1"><b id="2"></b><c id="3">text';
    const scan = scanTags(xml);

    // when / then
    expect(tagAt(scan, xml.indexOf('</b>'))).toBe(1);
    expect(tagAt(scan, xml.indexOf('text'))).toBe(2);
    expect(scan.unclosed).toEqual([0, 2]);
  });

  it('reads the namespace of the root tag', () => {
    // given
    const [root] = scanTags('<x:definitions xmlns="urn:default" xmlns:x="urn:x"/>').tags;

    // when / then
    expect(rootNamespace(root)).toBe('urn:x');
  });
});
