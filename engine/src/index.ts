/** Baton's engine: compile BPMN 2.0, run it in memory, and the types the server and web app share. */
export * from './protocol/index.ts';
export { compileBpmn, compileParsed, assertDeployable, type CompileOptions } from './compile/index.ts';
export { parseBpmn } from './compile/parse/index.ts';
export { execute, type StepResult } from './core/execute.ts';
export { apply } from './core/apply.ts';
export type { StepContext } from './core/context.ts';
export { createExpressionEvaluator, classifyExpression } from './expressions/index.ts';
export type { ExpressionEvaluator, VariableScope } from './expressions/types.ts';
export { createScriptRunner } from './script/quickjsRunner.ts';
export type { ScriptRunner, ScriptExecution } from './script/types.ts';
export { Engine, type EngineOptions, type EventListener } from './runtime/engine.ts';
export type { Deployment, ProcessDefinition } from './runtime/repository.ts';
export type { CorrelationResult, EngineEventsSnapshot } from './runtime/eventService.ts';
export type { CorrelateOptions } from './runtime/messages.ts';
export type * from './runtime/types.ts';
export { ScopeView } from './core/scope.ts';
export { parseTimer, firstDue, nextDue, checkTimer, type TimerSchedule } from './timers/index.ts';
export { toInput } from './runtime/variables.ts';
