/**
 * Installs bootstrapSource.ts in a fresh context: host functions in, API handles out.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { BOOTSTRAP_SOURCE } from './bootstrapSource.ts';
import type { ScriptExecution } from './types.ts';

/** Handles to the bootstrap's functions; see BOOTSTRAP_SOURCE. */
export interface BootstrapApi {
  run: QuickJSHandle;
  finish: QuickJSHandle;
  freeze: QuickJSHandle;
}

/**
 * Runs the bootstrap in a fresh context. `current` returns the execution of the running script
 * (and throws outside a run). Returns the API handles and the names of the global object.
 */
export function installBootstrap(
  ctx: QuickJSContext,
  current: () => ScriptExecution,
): { api: BootstrapApi; globals: ReadonlySet<string> } {
  const host = [
    ctx.newFunction('get', (name) => {
      const value = current().getVariable(ctx.getString(name));
      return value === undefined ? ctx.undefined : ctx.newString(JSON.stringify(value));
    }),
    ctx.newFunction('getAll', () => ctx.newString(JSON.stringify(current().getVariables()))),
    ctx.newFunction('info', (which) => {
      const execution = current();
      const value = [execution.processInstanceId, execution.activityId, execution.businessKey][
        ctx.getNumber(which)
      ];
      return value === undefined ? ctx.null : ctx.newString(value);
    }),
  ];
  try {
    const bootstrap = ctx.unwrapResult(ctx.evalCode(BOOTSTRAP_SOURCE, 'baton-bootstrap', { type: 'global' }));
    const handle = ctx.unwrapResult(ctx.callFunction(bootstrap, ctx.undefined, host));
    const api = {
      run: ctx.getProp(handle, 'run'),
      finish: ctx.getProp(handle, 'finish'),
      freeze: ctx.getProp(handle, 'freeze'),
    };
    [bootstrap, handle].forEach((h) => h.dispose());
    const names = ctx.unwrapResult(ctx.evalCode('Object.getOwnPropertyNames(globalThis)', 'baton-globals'));
    return { api, globals: new Set(names.consume((h) => ctx.dump(h) as string[])) };
  } catch (error) {
    // QuickJS's unwrap errors carry the whole context; keep only the message.
    throw new Error(`Could not set up the script sandbox: ${(error as Error).message}`);
  } finally {
    host.forEach((h) => h.dispose());
  }
}
