/**
 * Setup shortcuts for the runtime REST suites: deploy engine fixtures and start instances through
 * the durable engine (the REST calls under test come after).
 */
import type { StartOptions } from '@baton/engine';
import { fixture } from '../support/harness.ts';
import type { TestServer } from './support.ts';

/** Deploys fixtures from test/engine/fixtures (or `dir`). */
export async function deploy(t: TestServer, names: string[], dir?: URL): Promise<void> {
  await t.server.engine.deploy(names.map((name) => ({ name, xml: fixture(name, dir) })));
}

/** Starts the latest version of process `key`; returns the instance id. */
export async function start(t: TestServer, key: string, options: StartOptions = {}): Promise<string> {
  const def = await t.server.engine.definitions.find(key);
  return (await t.server.engine.start(def, options)).id;
}
