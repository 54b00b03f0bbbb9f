/**
 * Browser tests: Debian's chromium driven by playwright-core against a real server serving the
 * built web app. Without chromium the suite skips with a printed reason, unless
 * BATON_REQUIRE_BROWSER=1 (CI), where a missing browser fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';
export const OUTPUT = fileURLToPath(new URL('../../test-output/browser/', import.meta.url));
export const CORPUS = fileURLToPath(new URL('../../../shared/bpmn-corpus/miwg/reference/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Why the browser suite cannot run here, or undefined when it can. */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.BATON_REQUIRE_BROWSER === '1') throw new Error(`BATON_REQUIRE_BROWSER=1 but ${reason}`);
  console.warn(`[browser tests skipped] ${reason}`);
  return reason;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page at 1280x800 whose console errors and uncaught exceptions are collected. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT, { recursive: true });
  const path = `${OUTPUT}${name}.png`;
  await page.screenshot({ path });
  return path;
}

/** Shapes the modeler rendered for diagram elements (labels excluded). */
export function renderedShapes(page: Page): Promise<number> {
  return page
    .locator('[data-testid=modeler-canvas] g.djs-shape[data-element-id]')
    .evaluateAll(
      (nodes) => nodes.filter((n) => !n.getAttribute('data-element-id')!.endsWith('_label')).length,
    );
}

/** BPMNShape elements in a file: what a complete rendering must show. */
export function shapesInXml(xml: string): number {
  return [...xml.matchAll(/<(?:[\w-]+:)?BPMNShape\b/g)].length;
}

/**
 * Per BPMNDiagram of a file, the shapes bpmn-js draws: all of its plane's BPMNShapes except those
 * of a process that no participant references and that has no lanes, when the plane shows a
 * collaboration (bpmn-js's importer leaves such free-floating processes out; so does bpmn.io).
 */
export function drawableShapesPerDiagram(xml: string): { id: string; name: string; shapes: number }[] {
  const referenced = new Set(
    [...xml.matchAll(/<(?:[\w-]+:)?participant\b[^>]*\bprocessRef="([^"]+)"/g)].map((m) => m[1]),
  );
  const floating = new Set<string>();
  for (const m of xml.matchAll(/<([\w-]+:)?process\b[^>]*\bid="([^"]+)"[^>]*>([\s\S]*?)<\/\1process>/g)) {
    if (referenced.has(m[2]) || /<([\w-]+:)?laneSet\b/.test(m[3])) continue;
    for (const id of m[3].matchAll(/\bid="([^"]+)"/g)) floating.add(id[1]);
  }
  const isCollaboration = (id: string) =>
    new RegExp(`<([\\w-]+:)?collaboration\\b[^>]*\\bid="${id}"`).test(xml);
  return [...xml.matchAll(/<([\w-]+:)?BPMNDiagram\b([^>]*)>([\s\S]*?)<\/\1BPMNDiagram>/g)].map((d) => {
    const id = /\bid="([^"]+)"/.exec(d[2])?.[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(d[2])?.[1] || id;
    const plane = /<(?:[\w-]+:)?BPMNPlane\b[^>]*\bbpmnElement="([^"]+)"/.exec(d[3])?.[1] ?? '';
    const shapes = [...d[3].matchAll(/<(?:[\w-]+:)?BPMNShape\b[^>]*\bbpmnElement="([^"]+)"/g)].filter(
      (s) => !(isCollaboration(plane) && floating.has(s[1])),
    ).length;
    return { id, name, shapes };
  });
}
