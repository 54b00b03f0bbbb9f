/**
 * Offsets to 1-based line/column positions in a decoded document.
 *
 * Line breaks are `\r\n`, `\r` or `\n`, as in saxen (the tokenizer under moddle-xml), so positions
 * computed here agree with those in moddle's messages. Columns count UTF-16 code units, like editors.
 */

/** A 1-based position in a document. */
export interface Position {
  line: number;
  column: number;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Line starts of one document, computed once, for repeated lookups. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (const match of text.matchAll(LINE_BREAK)) {
      this.starts.push(match.index + match[0].length);
    }
  }

  /** The position of character `offset` (clamped to the document). */
  positionAt(offset: number): Position {
    const target = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= target) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: target - this.starts[low] + 1 };
  }

  /** The offset of a 1-based position (clamped to the document). */
  offsetAt(position: Position): number {
    const lineStart = this.starts[Math.max(0, Math.min(position.line - 1, this.starts.length - 1))];
    return Math.min(lineStart + Math.max(0, position.column - 1), this.text.length);
  }

  /** The position just after the last character. */
  end(): Position {
    return this.positionAt(this.text.length);
  }
}

/** "line 3, column 7": the wording every parse message uses. */
export function formatPosition(position: Position): string {
  return `line ${position.line}, column ${position.column}`;
}
