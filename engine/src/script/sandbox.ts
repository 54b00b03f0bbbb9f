/**
 * One QuickJS runtime and context holding every compiled script, with time, memory and stack
 * limits. The context is set up once by bootstrap.ts (frozen built-ins and global, `execution`
 * bridge) so that a run is a single call into QuickJS: no context per run, no parsing per run.
 */
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import type { ScriptDefinition } from '../protocol/definition.ts';
import { BatonError } from '../protocol/errors.ts';
import type { JsonValue } from '../protocol/variables.ts';
import { installBootstrap } from './bootstrap.ts';
import type { BootstrapApi } from './bootstrap.ts';
import {
  SCRIPT_FILE,
  describeThrown,
  sandboxCrashed,
  scriptOutOfMemory,
  scriptThrew,
  scriptThrewBpmnError,
} from './failures.ts';
import { scriptTimedOut } from './failures.ts';
import type { ScriptFailureDetails, ScriptSite } from './failures.ts';
import { InterruptPacer } from './interruptPacing.ts';
import { ScriptSyntaxError, toScriptFunction } from './transform.ts';
import type { ScriptExecution } from './types.ts';

/** Limits of one sandbox; see ScriptRunnerOptions. */
export interface SandboxLimits {
  timeLimitMs: number;
  memoryLimitBytes: number;
  maxStackBytes: number;
}

interface CompiledScript {
  fn: QuickJSHandle;
  /** Only a script with a resultVariable fails on a result that is no JSON value. */
  wantResult: boolean;
}

const DESCRIBE_HEADROOM_BYTES = 1024 * 1024;

/** A run's outcome as the bootstrap's `run` returns it: `[completion, [[local, name, value]]]`. */
type RunOutput = [JsonValue, [0 | 1, string, JsonValue][]];

export class Sandbox {
  private readonly runtime: QuickJSRuntime;
  private readonly context: QuickJSContext;
  private readonly api: BootstrapApi;
  private readonly globals: ReadonlySet<string>;
  private readonly pacer: InterruptPacer | undefined;
  private readonly scripts = new Map<string, Map<string, CompiledScript>>();
  private execution: ScriptExecution | undefined;
  private deadline = Infinity;
  private interrupted = false;
  /** Set once a limit cut a run off; see dispose. */
  private cutOff = false;
  /** Set when QuickJS failed in a way that may have corrupted it (e.g. a host stack overflow). */
  crashed = false;

  constructor(
    module: QuickJSWASMModule,
    private readonly limits: SandboxLimits,
  ) {
    this.runtime = module.newRuntime();
    this.runtime.setMemoryLimit(limits.memoryLimitBytes);
    this.runtime.setMaxStackSize(limits.maxStackBytes);
    this.context = this.runtime.newContext();
    this.pacer = InterruptPacer.calibrate(module, this.runtime, this.context);
    this.runtime.setInterruptHandler(() => {
      const now = performance.now();
      this.pacer?.check(now);
      return (this.interrupted ||= now > this.deadline);
    });
    ({ api: this.api, globals: this.globals } = installBootstrap(this.context, () => this.current()));
  }

  /** Why `source` does not compile, or null. Never runs it. */
  check(source: string): string | null {
    try {
      this.compile(source, true);
      return null;
    } catch (error) {
      if (error instanceof ScriptSyntaxError) return error.message;
      throw error;
    }
  }

  /** Compiles the scripts of one definition, all or none. */
  prepare(definitionId: string, scripts: Record<string, ScriptDefinition>): void {
    const compiled = new Map<string, CompiledScript>();
    try {
      for (const [elementId, script] of Object.entries(scripts)) {
        try {
          const fn = this.compile(script.source, false);
          compiled.set(elementId, { fn, wantResult: script.resultVariable !== undefined });
        } catch (error) {
          if (!(error instanceof ScriptSyntaxError)) throw error;
          const message = `Script of element '${elementId}' does not compile: ${error.message}`;
          throw new BatonError('BPMN_INVALID', message, { definitionId, elementId });
        }
      }
    } catch (error) {
      compiled.forEach((script) => script.fn.dispose());
      throw error;
    }
    this.scripts.set(definitionId, compiled);
  }

  /** Runs a prepared script; see ScriptRunner.run. */
  run(definitionId: string, elementId: string, execution: ScriptExecution): JsonValue {
    const script = this.scripts.get(definitionId)?.get(elementId);
    if (!script) {
      throw new BatonError('NOT_FOUND', `No prepared script for element '${elementId}' of '${definitionId}'`);
    }
    const site = { definitionId, elementId };
    const ctx = this.context;
    this.execution = execution;
    this.interrupted = false;
    const now = performance.now();
    this.deadline = now + this.limits.timeLimitMs;
    this.pacer?.start(now);
    try {
      const flag = script.wantResult ? ctx.true : ctx.false;
      const [completion, writes] = JSON.parse(this.call(site, this.api.run, script.fn, flag)) as RunOutput;
      if (this.runtime.hasPendingJob()) {
        // Promise callbacks belong to the script: run them now, within its time limit.
        do {
          const jobs = this.runtime.executePendingJobs();
          if (jobs.error) throw this.failure(site, jobs.error);
        } while (this.runtime.hasPendingJob());
        writes.push(...(JSON.parse(this.call(site, this.api.finish)) as RunOutput[1]));
      }
      // A promise job that hit the deadline only rejects its promise; the run still timed out.
      if (this.interrupted) throw scriptTimedOut(site, this.limits.timeLimitMs);
      this.apply(site, execution, writes);
      return completion;
    } catch (error) {
      if (!(error instanceof BatonError)) {
        this.crashed = true;
        throw sandboxCrashed(site, error);
      }
      const reason = (error.details as ScriptFailureDetails | undefined)?.reason;
      this.cutOff ||= reason === 'timeout' || reason === 'memory';
      this.execution = undefined; // promise jobs of a failed run may run, but not reach the host
      this.drainQuietly();
      throw error;
    } finally {
      this.execution = undefined;
      this.deadline = Infinity;
      this.interrupted = false;
    }
  }

  /** Frees every handle, the context and the runtime (nothing after a crash: QuickJS may be corrupt). */
  dispose(): void {
    if (this.crashed || !this.context.alive) return;
    this.scripts.forEach((scripts) => scripts.forEach((script) => script.fn.dispose()));
    this.scripts.clear();
    Object.values(this.api).forEach((handle) => handle.dispose());
    this.context.dispose();
    // A limit that cuts a run off inside QuickJS's promise machinery can leak QuickJS objects, and
    // JS_FreeRuntime then aborts on its leak assertion. The runtime lives in this sandbox's own
    // WebAssembly instance, which is garbage collected as a whole, so such a runtime is dropped.
    if (!this.cutOff) this.runtime.dispose();
  }

  private compile(source: string, checkOnly: boolean): QuickJSHandle {
    const ctx = this.context;
    const result = ctx.evalCode(toScriptFunction(source, this.globals), SCRIPT_FILE, {
      type: 'global',
      compileOnly: checkOnly,
    });
    if (result.error) {
      const error = result.error.consume(
        (handle) => ctx.dump(handle) as { message?: string; lineNumber?: number },
      );
      throw new ScriptSyntaxError(`${String(error?.message)}`, error?.lineNumber ?? 1);
    }
    if (checkOnly) {
      result.value.dispose();
      return ctx.undefined;
    }
    ctx.unwrapResult(ctx.callFunction(this.api.freeze, ctx.undefined, result.value)).dispose();
    return result.value;
  }

  /** Calls a bootstrap function that returns JSON text. */
  private call(site: ScriptSite, fn: QuickJSHandle, ...args: QuickJSHandle[]): string {
    const result = this.context.callFunction(fn, this.context.undefined, ...args);
    if (result.error) throw this.failure(site, result.error);
    return result.value.consume((handle) => this.context.getString(handle));
  }

  private failure(site: ScriptSite, error: QuickJSHandle): BatonError {
    if (this.interrupted) {
      error.dispose();
      return scriptTimedOut(site, this.limits.timeLimitMs);
    }
    // Describing the error needs memory, which a memory bomb may have used up: allow a little
    // more, but keep a bound, as describing may run the script's getters.
    this.runtime.setMemoryLimit(this.limits.memoryLimitBytes + DESCRIBE_HEADROOM_BYTES);
    try {
      const dumped = error.consume((handle) => this.context.dump(handle) as unknown);
      if (this.interrupted) return scriptTimedOut(site, this.limits.timeLimitMs);
      const { name, message, errorCode } = (dumped ?? {}) as {
        name?: unknown;
        message?: unknown;
        errorCode?: unknown;
      };
      if (name === 'BpmnError' && typeof errorCode === 'string') {
        return scriptThrewBpmnError(site, errorCode, String(message));
      }
      if (name === 'InternalError' && message === 'out of memory') {
        return scriptOutOfMemory(site, this.limits.memoryLimitBytes);
      }
      const { description, line } = describeThrown(dumped);
      return scriptThrew(site, description, line);
    } finally {
      this.runtime.setMemoryLimit(this.limits.memoryLimitBytes);
    }
  }

  /** Runs what promise jobs a failed run left, within its deadline, ignoring their errors. */
  private drainQuietly(): void {
    try {
      while (this.runtime.hasPendingJob()) this.runtime.executePendingJobs().dispose();
    } catch {
      this.crashed = true;
    }
  }

  private apply(site: ScriptSite, execution: ScriptExecution, writes: RunOutput[1]): void {
    for (const [local, name, value] of writes) {
      try {
        if (local) execution.setVariableLocal(name, value);
        else execution.setVariable(name, value);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw scriptThrew(site, `execution.${local ? 'setVariableLocal' : 'setVariable'}('${name}'): ${why}`);
      }
    }
  }

  private current(): ScriptExecution {
    if (!this.execution) throw new Error('execution is only available while its script runs');
    return this.execution;
  }
}
