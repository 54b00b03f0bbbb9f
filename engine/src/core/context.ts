/** What the core needs from the outside world, injected so that a replay is deterministic. */
import type { ExpressionEvaluator } from '../expressions/types.ts';
import type { ScriptRunner } from '../script/types.ts';

export interface StepContext {
  /** Epoch milliseconds. */
  now(): number;
  /** A new globally unique id (incidents). */
  newId(): string;
  expressions: ExpressionEvaluator;
  scripts: ScriptRunner;
}
