/**
 * A tolerant scan of the start and end tags of a document, for messages only: which element encloses
 * a position moddle reported, where the element with a given id starts, which element was never closed,
 * what the root element is. moddle keeps no source positions on its objects, and this scan runs only
 * when a warning or an error needs one, so clean files never pay for it.
 */

/** One start tag. */
export interface ScannedTag {
  /** Offset of its `<`. */
  start: number;
  /** Offset just after its end tag (or after `/>`); `Infinity` while never closed. */
  end: number;
  /** Qualified name as written, e.g. `bpmn:task`. */
  name: string;
  /** The raw text of the start tag, `<` to `>`. */
  text: string;
  id?: string;
  /** Index of the enclosing tag in {@link TagScan.tags}, -1 for the root. */
  parent: number;
}

/** The tags of one document, in document order. */
export interface TagScan {
  tags: ScannedTag[];
  /** Indexes of tags still open at the end of the document, outermost first. */
  unclosed: number[];
}

const ID_ATTRIBUTE = /\sid\s*=\s*(["'])(.*?)\1/;
const NAME = /[^\s/>]+/y;

/** Offset just after the `>` that ends the tag starting at `from`, honouring quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const char = xml[i];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i + 1;
    }
  }
  return xml.length;
}

function skipPast(xml: string, from: number, terminator: string): number {
  const at = xml.indexOf(terminator, from);
  return at < 0 ? xml.length : at + terminator.length;
}

/** Scans every start and end tag of `xml`, skipping comments, CDATA, processing instructions, DOCTYPE. */
export function scanTags(xml: string): TagScan {
  const tags: ScannedTag[] = [];
  const open: number[] = [];
  let position = xml.indexOf('<');
  while (position >= 0 && position < xml.length) {
    let next: number;
    if (xml.startsWith('<!--', position)) next = skipPast(xml, position + 4, '-->');
    else if (xml.startsWith('<![CDATA[', position)) next = skipPast(xml, position + 9, ']]>');
    else if (xml.startsWith('<?', position)) next = skipPast(xml, position + 2, '?>');
    else if (xml.startsWith('<!', position)) next = tagEnd(xml, position + 2);
    else if (xml.startsWith('</', position)) {
      next = tagEnd(xml, position + 2);
      NAME.lastIndex = position + 2;
      const name = NAME.exec(xml)?.[0];
      // Close the innermost open tag of that name; a stray end tag closes nothing.
      const depth = open.findLastIndex((index) => tags[index].name === name);
      if (depth >= 0) {
        for (const index of open.splice(depth)) tags[index].end = next;
      }
    } else {
      next = tagEnd(xml, position + 1);
      NAME.lastIndex = position + 1;
      const text = xml.slice(position, next);
      const tag: ScannedTag = {
        start: position,
        end: Infinity,
        name: NAME.exec(xml)?.[0] ?? '',
        text,
        id: ID_ATTRIBUTE.exec(text)?.[2],
        parent: open.at(-1) ?? -1,
      };
      tags.push(tag);
      if (text.endsWith('/>')) tag.end = next;
      else open.push(tags.length - 1);
    }
    position = xml.indexOf('<', next);
  }
  return { tags, unclosed: open };
}

/** Index of the innermost tag whose span contains `offset`, or -1. */
export function tagAt(scan: TagScan, offset: number): number {
  let low = 0;
  let high = scan.tags.length - 1;
  let candidate = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (scan.tags[mid].start <= offset) {
      candidate = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  while (candidate >= 0 && scan.tags[candidate].end <= offset) candidate = scan.tags[candidate].parent;
  return candidate;
}

/** The namespace URI the root tag's name is bound to, from its own `xmlns` declarations. */
export function rootNamespace(tag: ScannedTag): string | undefined {
  const colon = tag.name.indexOf(':');
  const attribute = colon < 0 ? 'xmlns' : `xmlns:${tag.name.slice(0, colon)}`;
  const declaration = new RegExp(`\\s${attribute.replace(/[.]/g, '\\.')}\\s*=\\s*(["'])(.*?)\\1`).exec(
    tag.text,
  );
  return declaration?.[2];
}
