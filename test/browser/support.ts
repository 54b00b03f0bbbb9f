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
