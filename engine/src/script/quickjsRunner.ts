/**
 * The ScriptRunner the engine uses: JavaScript script tasks run in QuickJS compiled to
 * WebAssembly (release build, synchronous variant), so `run` is synchronous and scripts never
 * see Node. Where things live: sandbox.ts runs scripts in one QuickJS context, bootstrapSource.ts
 * is the isolation policy inside it, transform.ts makes a script compiled once still yield its
 * completion value, interruptPacing.ts keeps the time limit tight, failures.ts words the errors.
 *
 * QuickJS guards its own stack (maxStackBytes), but some paths (deeply nested JSON, the parser)
 * use far more of the host's native stack than of QuickJS's, and a host stack overflow unwinds
 * through WebAssembly and leaves QuickJS corrupt. The runner therefore keeps a spare WebAssembly
 * instance: a crashed sandbox is dropped, the next call builds a new one from the spare and
 * recompiles every prepared definition, and a new spare loads in the background.
 */
import { RELEASE_SYNC, newQuickJSWASMModule } from 'quickjs-emscripten';
import type { QuickJSWASMModule } from 'quickjs-emscripten';
import type { ScriptDefinition } from '../protocol/definition.ts';
import { BatonError } from '../protocol/errors.ts';
import type { JsonValue } from '../protocol/variables.ts';
import { Sandbox } from './sandbox.ts';
import type { SandboxLimits } from './sandbox.ts';
import type { ScriptExecution, ScriptRunner } from './types.ts';

/** Limits for every script run by one runner. */
export interface ScriptRunnerOptions {
  /** Wall-clock time one run may take, promise callbacks included (default 1000 ms). */
  timeLimitMs?: number;
  /** Heap of the whole sandbox, compiled scripts included (default 32 MiB). */
  memoryLimitBytes?: number;
  /**
   * QuickJS stack limit (default 32 KiB: about 180 nested calls; 0 turns QuickJS's check off).
   * Larger values let deep recursion overflow the host's stack first, which costs a sandbox
   * replacement (see above).
   */
  maxStackBytes?: number;
}

const DEFAULTS: SandboxLimits = {
  timeLimitMs: 1000,
  memoryLimitBytes: 32 * 1024 * 1024,
  maxStackBytes: 32 * 1024,
};

/**
 * Loads QuickJS and returns a runner for JavaScript scripts (format `javascript`; `feel` scripts
 * are not its business: `check` accepts them and `prepare` skips them).
 */
export async function createScriptRunner(options: ScriptRunnerOptions = {}): Promise<ScriptRunner> {
  const limits: SandboxLimits = { ...DEFAULTS, ...definedOnly(options) };
  const [module, spare] = await Promise.all([loadQuickJs(), loadQuickJs()]);
  return new QuickJsScriptRunner(limits, new Sandbox(module, limits), spare);
}

function loadQuickJs(): Promise<QuickJSWASMModule> {
  return newQuickJSWASMModule(RELEASE_SYNC);
}

class QuickJsScriptRunner implements ScriptRunner {
  /** Sources of every prepared definition, to recompile them in a replacement sandbox. */
  private readonly definitions = new Map<string, Record<string, ScriptDefinition>>();
  private disposed = false;

  constructor(
    private readonly limits: SandboxLimits,
    private sandbox: Sandbox | undefined,
    private spare: QuickJSWASMModule | undefined,
  ) {}

  check(script: ScriptDefinition): string | null {
    return script.format === 'javascript' ? this.current().check(script.source) : null;
  }

  prepare(definitionId: string, scripts: Record<string, ScriptDefinition>): void {
    if (this.definitions.has(definitionId)) return;
    const javascript = Object.fromEntries(
      Object.entries(scripts).filter(([, s]) => s.format === 'javascript'),
    );
    this.current().prepare(definitionId, javascript);
    this.definitions.set(definitionId, javascript);
  }

  run(definitionId: string, elementId: string, execution: ScriptExecution): JsonValue {
    const sandbox = this.current();
    try {
      return sandbox.run(definitionId, elementId, execution);
    } finally {
      if (sandbox.crashed) this.sandbox = undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.sandbox?.dispose();
    this.sandbox = undefined;
    this.spare = undefined;
  }

  private current(): Sandbox {
    if (this.disposed) throw new BatonError('INVALID_STATE', 'The script runner has been disposed');
    if (this.sandbox) return this.sandbox;
    if (!this.spare) {
      throw new BatonError(
        'SCRIPT_FAILED',
        'The script sandbox is restarting after a crash; try again shortly',
      );
    }
    const sandbox = new Sandbox(this.spare, this.limits);
    this.spare = undefined;
    this.definitions.forEach((scripts, definitionId) => sandbox.prepare(definitionId, scripts));
    this.sandbox = sandbox;
    loadQuickJs().then(
      (module) => {
        if (!this.disposed) this.spare = module;
      },
      () => undefined, // no spare: a further crash leaves the runner failing fast, not hanging
    );
    return sandbox;
  }
}

function definedOnly(options: ScriptRunnerOptions): Partial<SandboxLimits> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
