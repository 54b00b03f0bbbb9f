/**
 * Splits a JUEL source text into literal text and `${...}` / `#{...}` expressions, the way EL
 * composite expressions work: `\${` and `\#{` are escapes for the literal characters, and mixing
 * `${` with `#{` in one text is an error (EL spec 1.2.2).
 */
import type { JuelNode, JuelTemplate } from './ast.ts';
import { juelSyntaxError } from './errors.ts';
import { parseExpressionBody } from './parser.ts';

/** Parses a whole source text; throws `EXPRESSION_SYNTAX` naming the position of the first problem. */
export function parseTemplate(source: string): JuelTemplate {
  const parts: (string | JuelNode)[] = [];
  let text = '';
  let marker: '$' | '#' | undefined;
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const opensExpression = (ch === '$' || ch === '#') && source[i + 1] === '{';
    if (ch === '\\' && (source[i + 1] === '$' || source[i + 1] === '#') && source[i + 2] === '{') {
      text += source[i + 1] + '{';
      i += 3;
    } else if (opensExpression) {
      if (marker !== undefined && marker !== ch) {
        throw juelSyntaxError(source, i, "'${...}' and '#{...}' cannot be mixed in one expression");
      }
      marker = ch;
      if (text !== '') parts.push(text);
      text = '';
      const { node, end } = parseExpressionBody(source, i + 2, i);
      parts.push(node);
      i = end;
    } else {
      text += ch;
      i++;
    }
  }
  if (text !== '') parts.push(text);
  return toTemplate(parts, marker === '#');
}

/**
 * A single expression surrounded by nothing but whitespace keeps its raw value: Camunda 7 trims
 * condition and mapping text before parsing, so `\n  ${approved}\n` from pretty-printed XML must
 * still yield a boolean rather than a string.
 */
function toTemplate(parts: (string | JuelNode)[], deferred: boolean): JuelTemplate {
  const expressions = parts.filter((part): part is JuelNode => typeof part !== 'string');
  if (expressions.length === 0) return { kind: 'text', text: parts.join('') };
  const onlyWhitespaceAround = parts.every((part) => typeof part !== 'string' || part.trim() === '');
  if (expressions.length === 1 && onlyWhitespaceAround)
    return { kind: 'expression', deferred, body: expressions[0] };
  return { kind: 'composite', deferred, parts };
}
