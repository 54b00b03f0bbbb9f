/** Server configuration from the environment, validated once at start. */
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  /** `sqlite:<path>` or `postgres://user@host:port/db`. */
  databaseUrl: string;
  /** Deploy the examples on first start. */
  deployExamples: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT '${env.PORT}' is not a port number`);
  const databaseUrl = env.DATABASE_URL ?? `sqlite:${resolve('data/baton.sqlite')}`;
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new Error(`DATABASE_URL '${databaseUrl}' must start with sqlite: or postgres://`);
  }
  return { port, databaseUrl, deployExamples: env.BATON_EXAMPLES !== 'false' };
}
