import type { RuleFactory } from 'bpmnlint/lib/types.js';
import { eventDefinitions, type LintNode } from './util.ts';

/** A timer needs a date, a duration or a cycle, or Baton cannot schedule it. */
const timerDefinition: RuleFactory = () => ({
  check(node: LintNode, reporter) {
    for (const def of eventDefinitions(node)) {
      if (def.$type !== 'bpmn:TimerEventDefinition') continue;
      const set = ['timeDate', 'timeDuration', 'timeCycle'].filter((k) => {
        const expr = def[k] as { body?: string } | undefined;
        return expr?.body !== undefined && expr.body.trim() !== '';
      });
      if (set.length === 0) reporter.report(node.id ?? '', 'Timer has no date, duration or cycle');
      else if (set.length > 1) reporter.report(node.id ?? '', `Timer sets ${set.join(' and ')}: choose one`);
    }
  },
});
export default timerDefinition;
