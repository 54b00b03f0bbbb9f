/**
 * The lint configuration the modeler runs while drawing: bpmnlint's recommended rules (tuned to
 * what Baton executes: inclusive and complex gateways are supported here) plus Baton's own rules.
 * Packed by hand into the `{config, resolver}` shape bpmn-js-bpmnlint expects, so no bundler plugin
 * is needed.
 */
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import type { RuleFactory } from 'bpmnlint/lib/types.js';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import executableProcess from './rules/executableProcess.ts';
import messageReference from './rules/messageReference.ts';
import scriptFormat from './rules/scriptFormat.ts';
import serviceTaskImplementation from './rules/serviceTaskImplementation.ts';
import timerDefinition from './rules/timerDefinition.ts';

type Level = 'error' | 'warn';

const recommended: Record<string, [RuleFactory, Level]> = {
  'ad-hoc-sub-process': [adHocSubProcess, 'error'],
  'conditional-flows': [conditionalFlows, 'error'],
  'end-event-required': [endEventRequired, 'error'],
  'event-based-gateway': [eventBasedGateway, 'error'],
  'event-sub-process-typed-start-event': [eventSubProcessTypedStartEvent, 'error'],
  'fake-join': [fakeJoin, 'warn'],
  global: [global, 'warn'],
  'label-required': [labelRequired, 'warn'],
  'link-event': [linkEvent, 'error'],
  'no-bpmndi': [noBpmndi, 'error'],
  'no-disconnected': [noDisconnected, 'error'],
  'no-duplicate-sequence-flows': [noDuplicateSequenceFlows, 'error'],
  'no-gateway-join-fork': [noGatewayJoinFork, 'warn'],
  'no-implicit-split': [noImplicitSplit, 'warn'],
  'no-implicit-end': [noImplicitEnd, 'error'],
  'no-implicit-start': [noImplicitStart, 'error'],
  'no-overlapping-elements': [noOverlappingElements, 'warn'],
  'single-blank-start-event': [singleBlankStartEvent, 'error'],
  'single-event-definition': [singleEventDefinition, 'error'],
  'start-event-required': [startEventRequired, 'error'],
  'sub-process-blank-start-event': [subProcessBlankStartEvent, 'error'],
  'superfluous-gateway': [superfluousGateway, 'warn'],
  'superfluous-termination': [superfluousTermination, 'warn'],
};

/** What Baton itself needs to run a diagram. */
const baton: Record<string, [RuleFactory, Level]> = {
  'executable-process': [executableProcess, 'warn'],
  'service-task-implementation': [serviceTaskImplementation, 'error'],
  'timer-definition': [timerDefinition, 'error'],
  'message-reference': [messageReference, 'error'],
  'script-format': [scriptFormat, 'error'],
};

const rules: Record<string, Level> = {};
const cache: Record<string, RuleFactory> = {};
for (const [name, [factory, level]] of Object.entries(recommended)) {
  rules[name] = level;
  cache[`rule:bpmnlint/${name}`] = factory;
}
for (const [name, [factory, level]] of Object.entries(baton)) {
  rules[`baton/${name}`] = level;
  cache[`rule:bpmnlint-plugin-baton/${name}`] = factory;
}

export const lintConfig = { config: { rules }, resolver: new StaticResolver(cache) };
