/** What a deciding gateway does with the flows whose conditions hold. */
import type { CompiledElement } from '../../protocol/definition.ts';
import type { ElementInstance } from '../../protocol/state.ts';
import type { Step } from '../step.ts';

/** The holding flows, else the default flow, else an incident (null) that keeps the token here. */
export function gatewayChoice(
  step: Step,
  inst: ElementInstance,
  el: CompiledElement,
  holding: string[] | null,
): string[] | null {
  if (holding === null) return null;
  if (holding.length > 0) return holding;
  if (el.defaultFlow) return [el.defaultFlow];
  const kind = el.kind.replace('Gateway', ''); // exclusive, inclusive, complex
  step.incident(
    inst,
    'gateway',
    'activate',
    `No outgoing sequence flow of ${kind} gateway '${el.id}' has a true condition, and it has no default flow`,
  );
  return null;
}
