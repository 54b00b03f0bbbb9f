/**
 * Turning attribute and body text into values and expressions: `=...` is FEEL, text with `${` or
 * `#{` is JUEL, anything else a literal. Every expression is syntax-checked here, at deploy time.
 */
import type { ExpressionEvaluator } from '../expressions/types.ts';
import { classifyExpression } from '../expressions/index.ts';
import type { Expression, ValueOrExpression } from '../protocol/definition.ts';
import type { DiagnosticSink, Subject } from './diagnosticSink.ts';

export class ValueReader {
  constructor(
    private readonly evaluator: ExpressionEvaluator,
    private readonly sink: DiagnosticSink,
  ) {}

  /** A literal or a checked expression; undefined for absent or empty text. */
  value(text: unknown, subject: Subject, what: string): ValueOrExpression | undefined {
    if (text === undefined || text === null) return undefined;
    const raw = String(text);
    if (raw.trim() === '') return undefined;
    const classified = classifyExpression(raw);
    if ('literal' in classified) return { literal: classified.literal };
    return this.checked(classified.expression, subject, what)
      ? { expression: classified.expression }
      : undefined;
  }

  /**
   * An expression that must be one (conditions, collections): plain text is an error, except where
   * `bareName` allows a variable name (Camunda 7 `camunda:collection="items"`).
   */
  expression(text: unknown, subject: Subject, what: string, bareName = false): Expression | undefined {
    if (text === undefined || text === null || String(text).trim() === '') return undefined;
    const raw = String(text).trim();
    const classified = classifyExpression(raw);
    if ('literal' in classified) {
      if (bareName && /^[A-Za-z_$][\w$]*$/.test(raw)) return { language: 'juel', source: `\${${raw}}` };
      this.sink.error(
        subject,
        'expression.not-an-expression',
        `${what} '${raw}' is not an expression: write \${...} (JUEL) or =... (FEEL)`,
      );
      return undefined;
    }
    return this.checked(classified.expression, subject, what) ? classified.expression : undefined;
  }

  /** Checks a JUEL template (text with or without `${...}`). */
  checkJuel(source: string, subject: Subject, what: string): boolean {
    return this.checked({ language: 'juel', source }, subject, what);
  }

  private checked(expression: Expression, subject: Subject, what: string): boolean {
    const problem = this.evaluator.check(expression);
    if (problem === null) return true;
    this.sink.error(subject, 'expression.syntax', `${what} does not parse: ${problem}`);
    return false;
  }
}
