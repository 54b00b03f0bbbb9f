/**
 * Positions in one decoded document, computed lazily: the line index and the tag scan are built on the
 * first question, so a file that parses without warnings never pays for them.
 */
import { LineIndex } from './line-index.ts';
import type { Position } from './line-index.ts';
import { scanTags, tagAt } from './tag-scan.ts';
import type { ScannedTag, TagScan } from './tag-scan.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Answers "where is ..." questions about one document. */
export class SourceLocator {
  private lineIndex?: LineIndex;
  private tagScan?: TagScan;
  private tagsById?: Map<string, ScannedTag>;

  constructor(readonly xml: string) {}

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.xml);
    return this.lineIndex;
  }

  get scan(): TagScan {
    this.tagScan ??= scanTags(this.xml);
    return this.tagScan;
  }

  private tagWithId(id: string): ScannedTag | undefined {
    if (!this.tagsById) {
      this.tagsById = new Map();
      for (const tag of this.scan.tags) {
        if (tag.id !== undefined && !this.tagsById.has(tag.id)) this.tagsById.set(tag.id, tag);
      }
    }
    return this.tagsById.get(id);
  }

  /** Start of the first start tag carrying `id="..."`. */
  positionOfId(id: string): Position | undefined {
    const tag = this.tagWithId(id);
    return tag ? this.lines.positionAt(tag.start) : undefined;
  }

  /**
   * Where `name` (any prefix) is set to `value`, as an attribute (`messageRef="m1"`) or as element text
   * (`<incoming>f1</incoming>`), searching from the element with id `withinId` when given (the owner is
   * that element or one of its descendants, so it comes after it in the document).
   */
  positionOfValue(name: string, value: string, withinId?: string): Position | undefined {
    const from = (withinId === undefined ? undefined : this.tagWithId(withinId)?.start) ?? 0;
    const local = escapeRegExp(name.slice(name.indexOf(':') + 1));
    const text = escapeRegExp(value);
    const pattern = new RegExp(
      `\\s(?:[\\w.-]+:)?${local}\\s*=\\s*(["'])${text}\\1|<(?:[\\w.-]+:)?${local}>\\s*${text}\\s*</`,
      'g',
    );
    pattern.lastIndex = from;
    const match = pattern.exec(this.xml);
    if (!match) return undefined;
    // Point at the attribute name or at the element's "<", not at the whitespace before an attribute.
    return this.lines.positionAt(match[0].startsWith('<') ? match.index : match.index + 1);
  }

  /** The ids of the tag spanning `position` and of its ancestors, innermost first. */
  idsAround(position: Position): string[] {
    const ids: string[] = [];
    const { tags } = this.scan;
    for (
      let index = tagAt(this.scan, this.lines.offsetAt(position));
      index >= 0;
      index = tags[index].parent
    ) {
      const id = tags[index].id;
      if (id !== undefined) ids.push(id);
    }
    return ids;
  }
}
