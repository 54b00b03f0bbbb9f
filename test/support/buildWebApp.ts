/**
 * vitest global setup: builds the web app once before any browser suite runs (only when the
 * sources changed), so parallel suites never build into modeler/dist at the same time.
 */
import { ensureModelerBuilt } from '../../scripts/build-modeler.ts';

export default async function setup(): Promise<void> {
  await ensureModelerBuilt();
}
