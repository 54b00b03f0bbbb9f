import type { RuleFactory } from 'bpmnlint/lib/types.js';
import { attr, extensions, type LintNode } from './util.ts';

const TASKS = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'];

/** A service-like task must say who does the work: an external topic, a Java-free expression, or a zeebe task type. */
const serviceTaskImplementation: RuleFactory = () => ({
  check(node: LintNode, reporter) {
    if (!TASKS.includes(node.$type)) return;
    const camunda =
      (attr(node, 'camunda:type') === 'external' && attr(node, 'camunda:topic')) ||
      attr(node, 'camunda:expression') ||
      attr(node, 'camunda:delegateExpression') ||
      attr(node, 'camunda:class') ||
      attr(node, 'camunda:decisionRef');
    const zeebe = extensions(node, 'zeebe:TaskDefinition').some((d) => attr(d, 'type'));
    if (!camunda && !zeebe)
      reporter.report(
        node.id ?? '',
        'Has no implementation: set an external task topic (Camunda 7) or a task type (Camunda 8)',
      );
  },
});
export default serviceTaskImplementation;
