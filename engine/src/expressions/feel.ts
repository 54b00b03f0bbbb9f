/**
 * FEEL (Camunda 8 `=expr`) through @bpmn-io/feelin. feelin re-parses on every `evaluate` and has
 * no public API for evaluating a pre-parsed tree (the parse also depends on the variable names, for
 * names with spaces), so only the deploy-time check and the warning analysis are cached per source.
 */
import { SyntaxError as FeelSyntaxError, evaluate as feelEvaluate } from '@bpmn-io/feelin';
import type { EvaluationResult } from '@bpmn-io/feelin';
import { BatonError } from '../protocol/errors.ts';
import { BoundedCache } from './cache.ts';
import { analyseFeel, failingWarning } from './feelWarnings.ts';
import type { FeelAnalysis } from './feelWarnings.ts';
import { toPlainValue } from './feelValues.ts';
import type { SyntaxErrorDetails } from './errors.ts';
import type { VariableScope } from './types.ts';

/** FEEL check and evaluation with a per-source analysis cache. */
export class FeelLanguage {
  private readonly analyses: BoundedCache<FeelAnalysis>;

  constructor(cacheSize: number) {
    this.analyses = new BoundedCache(cacheSize);
  }

  /** The syntax error sentence for `source` (the text after `=`), or null. */
  check(source: string): string | null {
    const error = this.analysis(source).syntaxError;
    return error === null ? null : syntaxMessage(source, error.reason, error.position);
  }

  /** Evaluates `source` against the visible variables and returns a JSON-able value. */
  evaluate(source: string, scope: VariableScope): unknown {
    const analysis = this.analysis(source);
    let result: EvaluationResult<unknown>;
    try {
      result = feelEvaluate(source, contextOf(scope));
    } catch (error) {
      throw toBatonError(source, error, analysis);
    }
    if (result.warnings.length > 0) {
      const warning = failingWarning(result.warnings, result.value, analysis);
      if (warning !== undefined) {
        throw new BatonError(
          'EXPRESSION_EVAL',
          `Cannot evaluate FEEL expression '${source}': ${warning.message} (${warning.type} at position ${warning.position.from})`,
          { warnings: result.warnings.map(({ type, message, position }) => ({ type, message, position })) },
        );
      }
    }
    return toPlainValue(result.value, source);
  }

  private analysis(source: string): FeelAnalysis {
    let analysis = this.analyses.get(source);
    if (analysis === undefined) {
      analysis = analyseFeel(source);
      this.analyses.set(source, analysis);
    }
    return analysis;
  }
}

/** The variables as a FEEL context; fromEntries keeps a `__proto__` variable an ordinary entry. */
function contextOf(scope: VariableScope): Record<string, unknown> {
  return Object.fromEntries(scope.names().map((name) => [name, scope.get(name) ?? null]));
}

function syntaxMessage(source: string, reason: string, position: number): string {
  return `Syntax error in FEEL expression '${source}' at position ${position}: ${reason}`;
}

/** Syntax errors get the same sentence `check` gives (when the deploy-time parse saw it too). */
function toBatonError(source: string, error: unknown, analysis: FeelAnalysis): BatonError {
  if (error instanceof BatonError) return error;
  if (error instanceof FeelSyntaxError) {
    const { reason, position } = analysis.syntaxError ?? {
      reason: error.message,
      position: error.position.from,
    };
    const details: SyntaxErrorDetails = { language: 'feel', position };
    return new BatonError('EXPRESSION_SYNTAX', syntaxMessage(source, reason, position), details);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new BatonError('EXPRESSION_EVAL', `Cannot evaluate FEEL expression '${source}': ${reason}`);
}
