import type { RuleFactory } from 'bpmnlint/lib/types.js';
import { SCRIPT_FORMATS } from '@baton/engine/protocol';
import type { LintNode } from './util.ts';

/** Baton runs JavaScript (sandboxed), FEEL and JUEL scripts; anything else would raise an incident. */
const scriptFormat: RuleFactory = () => ({
  check(node: LintNode, reporter) {
    if (node.$type !== 'bpmn:ScriptTask') return;
    const format = typeof node.scriptFormat === 'string' ? node.scriptFormat.toLowerCase() : '';
    const zeebe = ((node.extensionElements as { values?: LintNode[] } | undefined)?.values ?? []).some(
      (v) => v.$type === 'zeebe:Script' || v.$type === 'zeebe:TaskDefinition',
    );
    if (zeebe) return;
    if (!format) reporter.report(node.id ?? '', 'Script task has no script format');
    else if (!Object.hasOwn(SCRIPT_FORMATS, format))
      reporter.report(
        node.id ?? '',
        `Script format '${format}' is not run by Baton (use javascript, feel or juel)`,
      );
    else if (typeof node.script !== 'string' || node.script.trim() === '')
      reporter.report(node.id ?? '', 'Script task has no script');
  },
});
export default scriptFormat;
