/**
 * Helpers for the REST suites: multipart deployments of fixtures (as Camunda clients send them)
 * and polling for what the job executor does in the background.
 */
import { fixture } from '../support/harness.ts';
import type { TestServer } from './support.ts';

export interface DeployedDefinition {
  id: string;
  key: string;
  version: number;
  deploymentId: string;
  resource: string | null;
  name: string | null;
}

export interface DeploymentResponse {
  id: string;
  name: string | null;
  source: string | null;
  deploymentTime: string;
  deployedProcessDefinitions: Record<string, DeployedDefinition>;
  links: { href: string; rel: string }[];
}

/** A file of the form: a fixture name, or an explicit name and content. */
export type FormFile = string | { name: string; xml: string };

/** POST /deployment/create with the files (field `data`, as the Camunda Modeler sends them). */
export async function deployForm<T = DeploymentResponse>(
  t: TestServer,
  files: FormFile[],
  fields: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const form = new FormData();
  for (const f of files) {
    const { name, xml } = typeof f === 'string' ? { name: f, xml: fixture(f) } : f;
    form.append('data', new Blob([xml], { type: 'application/octet-stream' }), name);
  }
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const response = await fetch(`${t.url}/engine-rest/deployment/create`, { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Deploys and returns the deployed definitions by key (fails the test on a non-200). */
export async function deploy(
  t: TestServer,
  ...files: FormFile[]
): Promise<Record<string, DeployedDefinition>> {
  const { status, body } = await deployForm(t, files);
  if (status !== 200) throw new Error(`deploy failed: ${status} ${JSON.stringify(body)}`);
  return Object.fromEntries(Object.values(body.deployedProcessDefinitions).map((d) => [d.key, d]));
}

/** Polls `probe` until it returns something truthy (jobs run in the background). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
