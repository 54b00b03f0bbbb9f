/**
 * Call activity: asks the runtime to start the called process (effect `call.started`) with the
 * mapped variables and waits; the child's end comes back as command `call.complete` carrying the
 * child's variables. Out-mappings are ordinary output mappings evaluated inside the call activity,
 * where the child's variables are local, so a failed mapping can be retried like any other.
 */
import { isBatonError } from '../../protocol/errors.ts';
import type { JsonValue } from '../../protocol/variables.ts';
import type { ElementBehavior } from '../behavior.ts';
import { mappingValue, resolveValue } from '../mappings.ts';
import { mergeResult } from './results.ts';

export const callActivity: ElementBehavior = {
  activate(step, inst, el) {
    const call = el.call!;
    let processId: string;
    let version: number | undefined;
    let businessKey: string | undefined;
    const variables: Record<string, JsonValue> = {};
    try {
      processId = String(resolveValue(step, call.calledElement, inst.key));
      if (call.version) version = Number(resolveValue(step, call.version, inst.key));
      if (call.businessKey) {
        const key = resolveValue(step, call.businessKey, inst.key);
        if (key !== null) businessKey = String(key);
      }
      if (call.inAll) Object.assign(variables, step.scope(inst.key).all());
      for (const mapping of call.inputs) variables[mapping.target] = mappingValue(step, mapping, inst.key);
    } catch (error) {
      if (!isBatonError(error)) throw error;
      step.incident(inst, 'calledElement', 'activate', `Call activity '${el.id}': ${error.message}`);
      return;
    }
    step.wait(inst, { kind: 'call', processId });
    step.effect({
      type: 'call.started',
      instanceId: step.instanceId,
      key: inst.key,
      elementId: el.id,
      processId,
      binding: call.binding,
      version,
      versionTag: call.versionTag,
      businessKey,
      variables,
    });
  },
  trigger(step, inst, el, child) {
    if (child && el.io && el.io.outputs.length > 0) mergeResult(step, inst, el, child);
    if (child && el.call!.outAll) {
      for (const name in child.values)
        step.setVariable(inst.parent, name, child.values[name], child.types?.[name]);
    }
    step.complete(inst);
  },
  terminate(step, inst) {
    step.effect({ type: 'call.terminated', instanceId: step.instanceId, key: inst.key });
  },
};
