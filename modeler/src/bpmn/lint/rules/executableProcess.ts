import type { RuleFactory } from 'bpmnlint/lib/types.js';
import type { LintNode } from './util.ts';

/** Baton deploys only executable processes (isExecutable="true"). */
const executableProcess: RuleFactory = () => ({
  check(node: LintNode, reporter) {
    if (node.$type !== 'bpmn:Process') return;
    const flowElements = (node.flowElements as unknown[] | undefined) ?? [];
    if (node.isExecutable !== true && flowElements.length > 0)
      reporter.report(node.id ?? '', 'Process is not executable: tick "Executable" to deploy it');
  },
});
export default executableProcess;
