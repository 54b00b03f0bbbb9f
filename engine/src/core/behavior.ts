/** The lifecycle interface every element kind implements (one module per kind in behaviors/). */
import type { CompiledElement } from '../protocol/definition.ts';
import type { VariableInput } from '../protocol/commands.ts';
import type { ElementInstance } from '../protocol/state.ts';
import type { Step } from './step.ts';

export interface ElementBehavior {
  /**
   * A token entered the element (input mappings already applied). The behavior either completes
   * the element (`step.complete`), enters a wait (`step.wait`) or raises an incident.
   */
  activate(step: Step, inst: ElementInstance, el: CompiledElement): void;
  /**
   * Which outgoing flows to take when the element completes, or null after raising an incident.
   * Default: every unconditional flow and every flow whose condition holds, else the default flow.
   */
  selectFlows?(step: Step, inst: ElementInstance, el: CompiledElement): string[] | null;
  /** A wait ended (task completed, job completed, receive task triggered). */
  trigger?(step: Step, inst: ElementInstance, el: CompiledElement, variables?: VariableInput): void;
  /**
   * Loop bodies: an iteration is about to complete. Updates counters and output collections,
   * decides on the next iteration; false after raising an incident on the iteration.
   */
  innerCompleting?(step: Step, body: ElementInstance, inner: ElementInstance): boolean;
  /**
   * Scopes: direct child `child` completed and took its outgoing flows (ad-hoc sub-processes
   * evaluate their completion condition here).
   */
  childCompleted?(step: Step, scope: ElementInstance, child: ElementInstance): void;
  /** Scopes: no tokens are left inside. Default for scopes: complete the scope. */
  scopeDone?(step: Step, scope: ElementInstance, el: CompiledElement): void;
  /** The element instance is being terminated: cancel what it started outside (jobs, children). */
  terminate?(step: Step, inst: ElementInstance, el: CompiledElement): void;
}
