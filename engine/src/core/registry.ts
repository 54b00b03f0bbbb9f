/** The explicit map from element kind to behavior: adding a kind means adding a line here. */
import type { CompiledElement, ElementKind } from '../protocol/definition.ts';
import type { ElementInstance } from '../protocol/state.ts';
import type { ElementBehavior } from './behavior.ts';
import { adHocSubProcess } from './behaviors/adHocSubProcess.ts';
import { callActivity } from './behaviors/callActivity.ts';
import { catchEvent } from './behaviors/catchEvent.ts';
import { complexGateway } from './behaviors/complexGateway.ts';
import { endEvent } from './behaviors/endEvent.ts';
import { eventBasedGateway } from './behaviors/eventBasedGateway.ts';
import { exclusiveGateway } from './behaviors/exclusiveGateway.ts';
import { inclusiveGateway } from './behaviors/inclusiveGateway.ts';
import { jobTask } from './behaviors/jobTask.ts';
import { loopBody } from './behaviors/loopBody.ts';
import { multiInstanceBody } from './behaviors/multiInstanceBody.ts';
import { parallelGateway } from './behaviors/parallelGateway.ts';
import { passThrough } from './behaviors/passThrough.ts';
import { receiveTask } from './behaviors/receiveTask.ts';
import { processScope, subProcess } from './behaviors/scope.ts';
import { scriptTask } from './behaviors/scriptTask.ts';
import { throwingEvent } from './behaviors/throwingEvent.ts';
import { userTask } from './behaviors/userTask.ts';

/** Kinds the core executes. The compiler rejects every other kind at deploy time. */
export const BEHAVIORS: Partial<Record<ElementKind, ElementBehavior>> = {
  process: processScope,
  startEvent: passThrough,
  endEvent,
  intermediateThrowEvent: throwingEvent,
  intermediateCatchEvent: catchEvent,
  boundaryEvent: passThrough,
  task: passThrough,
  manualTask: passThrough,
  serviceTask: jobTask,
  sendTask: jobTask,
  businessRuleTask: jobTask,
  scriptTask,
  userTask,
  receiveTask,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  eventBasedGateway,
  complexGateway,
  subProcess,
  transaction: subProcess,
  adHocSubProcess,
  callActivity,
};

export function behaviorFor(inst: ElementInstance, el: CompiledElement): ElementBehavior {
  if (inst.body === 'multiInstance') return multiInstanceBody;
  if (inst.body === 'loop') return loopBody;
  const behavior = BEHAVIORS[el.kind];
  if (!behavior) throw new Error(`no behavior for ${el.kind} (the compiler should have rejected '${el.id}')`);
  return behavior;
}
