/**
 * Reading moddle-xml's positional messages. moddle reports both fatal XML errors and tolerated content
 * problems as text: "unparsable content <tag> detected\n\tline: L\n\tcolumn: C\n\tnested error: E",
 * with L and C counted from 0 by saxen, its tokenizer.
 */
import type { Position } from './line-index.ts';

/** The parts of an "unparsable content" message. */
export interface UnparsableContent {
  /** What saxen was looking at: usually the tag name, as `<bpmn:task>`; shortened when longer. */
  content: string;
  /** 1-based. */
  position: Position;
  /** The underlying message, e.g. `unrecognized element <camunda:foo>`, `unclosed tag`. */
  error: string;
}

const UNPARSABLE =
  /^unparsable content ([\s\S]*?) ?detected\n\tline: (\d+)\n\tcolumn: (\d+)\n\tnested error: ([\s\S]*)$/;
const MAX_CONTENT = 60;

/** The parts of `message` when it is an "unparsable content" message. */
export function parseUnparsable(message: string): UnparsableContent | undefined {
  const match = UNPARSABLE.exec(message);
  if (!match) return undefined;
  const content = match[1].trim();
  return {
    // saxen passes the rest of the document as context when it has nothing better; keep messages short.
    content: content.length > MAX_CONTENT ? `${content.slice(0, MAX_CONTENT)}...` : content,
    position: { line: Number(match[2]) + 1, column: Number(match[3]) + 1 },
    error: match[4].trim(),
  };
}
