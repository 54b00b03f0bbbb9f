import type { RuleFactory } from 'bpmnlint/lib/types.js';
import { eventDefinitions, type LintNode } from './util.ts';

/** Messages are correlated by name: a message event or receive task without a named message never fires. */
const messageReference: RuleFactory = () => ({
  check(node: LintNode, reporter) {
    const refs: (LintNode | undefined)[] = [];
    if (node.$type === 'bpmn:ReceiveTask') refs.push(node.messageRef as LintNode | undefined);
    for (const def of eventDefinitions(node))
      if (
        def.$type === 'bpmn:MessageEventDefinition' &&
        !node.$type.startsWith('bpmn:Throw') &&
        node.$type !== 'bpmn:EndEvent'
      )
        refs.push(def.messageRef as LintNode | undefined);
    for (const ref of refs) {
      if (!ref) reporter.report(node.id ?? '', 'Refers to no message: choose or create one');
      else if (typeof ref.name !== 'string' || ref.name.trim() === '')
        reporter.report(node.id ?? '', `Message ${ref.id ?? ''} has no name to correlate by`);
    }
  },
});
export default messageReference;
