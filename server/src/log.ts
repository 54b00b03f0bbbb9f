/** Structured logs: one JSON line per request, job failure and incident (pino). */
import { pino } from 'pino';

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'silent' : 'info'),
  base: { service: 'baton' },
});

export type Logger = typeof log;
