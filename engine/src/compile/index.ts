/**
 * The compiler: BPMN 2.0 XML in, frozen `CompiledDefinitions` out, with every diagnostic found.
 * Parsing problems throw BatonError('BPMN_PARSE'); graph problems are returned as diagnostics so a
 * deploy can report all of them at once (see `assertDeployable`).
 */
import type { ExpressionEvaluator } from '../expressions/types.ts';
import type { CompiledDefinitions } from '../protocol/definition.ts';
import { formatDiagnostic } from '../protocol/diagnostics.ts';
import { BatonError } from '../protocol/errors.ts';
import type { ScriptRunner } from '../script/types.ts';
import { DiagnosticSink } from './diagnosticSink.ts';
import { ElementCompiler } from './elementCompiler.ts';
import { ExtensionReader } from './extensions.ts';
import { list, str, type ModdleElement } from './moddle.ts';
import { parseBpmn } from './parse/index.ts';
import type { ParsedDefinitions } from './parse/types.ts';
import { ProcessCompiler } from './processCompiler.ts';
import { ValueReader } from './values.ts';

export interface CompileOptions {
  expressions: ExpressionEvaluator;
  /** Used to syntax-check JavaScript at deploy time. */
  scripts?: ScriptRunner;
}

export async function compileBpmn(
  xml: string | Uint8Array,
  options: CompileOptions,
): Promise<CompiledDefinitions> {
  return compileParsed(await parseBpmn(xml), options);
}

export function compileParsed(parsed: ParsedDefinitions, options: CompileOptions): CompiledDefinitions {
  const root = parsed.definitions as unknown as ModdleElement;
  const sink = new DiagnosticSink();
  sink.items.push(...parsed.warnings);
  const values = new ValueReader(options.expressions, sink);
  const ext = new ExtensionReader(values, sink);
  const elements = new ElementCompiler(values, ext, sink, options.scripts);
  const result: CompiledDefinitions = {
    id: root.id ?? 'definitions',
    dialects: parsed.dialects,
    processes: [],
    messages: {},
    signals: {},
    errors: {},
    escalations: {},
    diagnostics: sink.items,
  };
  for (const node of list(root, 'rootElements')) {
    const id = node.id ?? '';
    switch (node.$type) {
      case 'bpmn:Message':
        result.messages[id] = { name: str(node, 'name') ?? id };
        break;
      case 'bpmn:Signal':
        result.signals[id] = { name: str(node, 'name') ?? id };
        break;
      case 'bpmn:Error':
        result.errors[id] = omitUndefined({ name: str(node, 'name'), code: str(node, 'errorCode') });
        break;
      case 'bpmn:Escalation':
        result.escalations[id] = omitUndefined({
          name: str(node, 'name'),
          code: str(node, 'escalationCode'),
        });
        break;
    }
  }
  for (const node of list(root, 'rootElements')) {
    if (node.$type !== 'bpmn:Process' || !isExecutable(node)) continue;
    sink.forProcess(node.id);
    result.processes.push(new ProcessCompiler(elements, values, ext, sink).compile(node));
  }
  sink.forProcess(undefined);
  if (result.processes.length === 0) {
    sink.warning(
      { id: result.id, type: 'bpmn:Definitions' },
      'definitions.no-executable-process',
      'The file has no executable process (isExecutable="true")',
    );
  }
  return deepFreeze(result);
}

/** Executable unless it says isExecutable="false" (Flowable files often leave the attribute out). */
function isExecutable(node: ModdleElement): boolean {
  const flag = node.isExecutable;
  return flag !== false && flag !== 'false';
}

/** Throws BatonError('BPMN_INVALID') listing every error diagnostic when there is any. */
export function assertDeployable(definitions: CompiledDefinitions): void {
  const errors = definitions.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  const lines = errors.map(formatDiagnostic).join('\n');
  throw new BatonError(
    'BPMN_INVALID',
    `The BPMN file has ${errors.length} problem${errors.length > 1 ? 's' : ''}:\n${lines}`,
    errors,
  );
}

function omitUndefined<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}
