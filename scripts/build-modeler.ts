/**
 * Builds the web app (modeler/ -> modeler/dist) when its sources are newer than the build, so
 * `npm start` and the browser tests always serve the current app without a separate build step.
 * `--force` rebuilds regardless.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODELER = join(ROOT, 'modeler');
const OUTPUT = join(MODELER, 'dist', 'index.html');
/** What the bundle is made of: the app, the shared protocol it imports, the installed packages. */
const INPUTS = [
  join(MODELER, 'src'),
  join(MODELER, 'index.html'),
  join(MODELER, 'vite.config.ts'),
  join(MODELER, 'package.json'),
  join(ROOT, 'engine', 'src', 'protocol'),
  join(ROOT, 'package-lock.json'),
];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

export function modelerIsStale(): boolean {
  if (!existsSync(OUTPUT)) return true;
  const built = statSync(OUTPUT).mtimeMs;
  return INPUTS.some((input) => newest(input) > built);
}

export async function ensureModelerBuilt(force = false): Promise<void> {
  if (!force && !modelerIsStale()) return;
  const started = Date.now();
  const { build } = await import('vite');
  await build({ root: MODELER, configFile: join(MODELER, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`web app built into modeler/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureModelerBuilt(process.argv.includes('--force'));
}
