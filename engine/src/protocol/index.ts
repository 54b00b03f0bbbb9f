/** Types shared by the engine, the server and the web app. No runtime dependencies. */
export * from './commands.ts';
export * from './definition.ts';
export * from './diagnostics.ts';
export * from './effects.ts';
export * from './errors.ts';
export * from './events.ts';
export * from './insight.ts';
export * from './live.ts';
export * from './liveFold.ts';
export * from './state.ts';
export * from './variables.ts';
