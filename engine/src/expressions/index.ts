/**
 * The expression layer: JUEL (Camunda 7 `${...}`) and FEEL (Camunda 8 `=...`) behind the
 * `ExpressionEvaluator` contract, plus the helpers the BPMN compiler and the flow logic share.
 * See docs/expressions.md for exactly what each language supports.
 */
import type { Expression } from '../protocol/definition.ts';
import { BatonError } from '../protocol/errors.ts';
import { BoundedCache } from './cache.ts';
import type { SyntaxErrorDetails } from './errors.ts';
import { FeelLanguage } from './feel.ts';
import { evaluateJuel, parseJuel } from './juel/index.ts';
import type { JuelTemplate } from './juel/index.ts';
import type { ExpressionEvaluator, VariableScope } from './types.ts';

export type { ExpressionEvaluator, VariableScope } from './types.ts';
export type { SyntaxErrorDetails } from './errors.ts';
export type { JuelNode, JuelTemplate } from './juel/index.ts';
export { parseJuel } from './juel/index.ts';

/** Options of {@link createExpressionEvaluator}. */
export interface ExpressionEvaluatorOptions {
  /** Parsed forms kept per language (first in, first out beyond that). Default 10 000. */
  cacheSize?: number;
}

/** A JUEL source that failed to parse; cached too, so a broken expression is not re-parsed. */
interface JuelParseFailure {
  kind: 'error';
  message: string;
  details: SyntaxErrorDetails;
}

class Evaluator implements ExpressionEvaluator {
  private readonly juel: BoundedCache<JuelTemplate | JuelParseFailure>;
  private readonly feel: FeelLanguage;

  constructor(cacheSize: number) {
    this.juel = new BoundedCache(cacheSize);
    this.feel = new FeelLanguage(cacheSize);
  }

  check(expression: Expression): string | null {
    if (expression.language === 'feel') return this.feel.check(expression.source);
    if (expression.language !== 'juel') return unknownLanguage(expression).message;
    const template = this.juelTemplate(expression.source);
    return template.kind === 'error' ? template.message : null;
  }

  evaluate(expression: Expression, scope: VariableScope): unknown {
    if (expression.language === 'juel') {
      const template = this.juelTemplate(expression.source);
      if (template.kind === 'error')
        throw new BatonError('EXPRESSION_SYNTAX', template.message, template.details);
      return evaluateJuel(template, scope, expression.source);
    }
    if (expression.language === 'feel') return this.feel.evaluate(expression.source, scope);
    throw unknownLanguage(expression);
  }

  private juelTemplate(source: string): JuelTemplate | JuelParseFailure {
    let template = this.juel.get(source);
    if (template === undefined) {
      try {
        template = parseJuel(source);
      } catch (error) {
        if (!(error instanceof BatonError)) throw error;
        template = { kind: 'error', message: error.message, details: error.details as SyntaxErrorDetails };
      }
      this.juel.set(source, template);
    }
    return template;
  }
}

function unknownLanguage(expression: Expression): BatonError {
  return new BatonError('INVALID_ARGUMENT', `Unknown expression language '${String(expression.language)}'`);
}

/**
 * Creates an evaluator dispatching on `expression.language`. Each instance has its own caches
 * of parsed expressions, so one source text is parsed once per evaluator.
 */
export function createExpressionEvaluator(options: ExpressionEvaluatorOptions = {}): ExpressionEvaluator {
  return new Evaluator(options.cacheSize ?? 10_000);
}

/**
 * How the BPMN compiler reads an attribute or text that may hold an expression: `=...` (after
 * leading whitespace) is FEEL with the text after `=` as source; text containing `${` or `#{` is
 * JUEL with the whole text as source; anything else is a literal string.
 */
export function classifyExpression(text: string): { literal: string } | { expression: Expression } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('=')) return { expression: { language: 'feel', source: trimmed.slice(1) } };
  if (text.includes('${') || text.includes('#{')) return { expression: { language: 'juel', source: text } };
  return { literal: text };
}

/**
 * Whether a sequence-flow (or loop/completion) condition holds. Both languages must produce a
 * boolean. FEEL null is false (a null-propagating comparison such as `x > 5` with `x = null`).
 * JUEL accepts the strings "true"/"false" (any case), as EL's String-to-Boolean coercion does, and
 * otherwise fails like Camunda 7 ("condition expression returns non-Boolean").
 */
export function isTruthyCondition(value: unknown, expr: Expression): boolean {
  if (typeof value === 'boolean') return value;
  if (expr.language === 'feel' && (value === null || value === undefined)) return false;
  if (expr.language === 'juel' && typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  const shown = expr.language === 'feel' ? `'${expr.source}'` : expr.source;
  throw new BatonError(
    'EXPRESSION_EVAL',
    `Condition ${shown} must evaluate to a boolean, but returned ${describeValue(value)}`,
  );
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const type = Array.isArray(value) ? 'list' : typeof value;
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return `${type} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}
