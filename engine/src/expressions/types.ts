/**
 * The contract between the core and the expression languages. The core never parses expressions
 * itself: it hands an `Expression` and a variable scope to an injected evaluator.
 */
import type { Expression } from '../protocol/definition.ts';

/** Read access to the variables visible from one point of a running instance. */
export interface VariableScope {
  /** The value, or undefined when no variable of that name is visible. */
  get(name: string): unknown;
  has(name: string): boolean;
  /** Every visible variable name (inner scopes shadow outer ones). */
  names(): string[];
  /** Where the evaluation happens, for `execution.processInstanceId` and friends (Camunda 7). */
  readonly context?: ExecutionContext;
}

export interface ExecutionContext {
  processInstanceId: string;
  processDefinitionId: string;
  businessKey?: string;
  /** Id of the BPMN element being executed, when there is one. */
  activityId?: string;
}

export interface ExpressionEvaluator {
  /** Deploy-time check: a plain sentence saying why the expression does not parse, or null. */
  check(expression: Expression): string | null;
  /**
   * Evaluates the expression. Throws a BatonError with code `EXPRESSION_EVAL` and a message naming
   * the expression and what went wrong (unknown variable, wrong type, ...); the core turns that into
   * an incident. Parsed forms are cached per source text, so each expression parses once.
   */
  evaluate(expression: Expression, scope: VariableScope): unknown;
}
