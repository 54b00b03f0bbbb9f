/**
 * `npm run bench:webapp`: how the web app copes with large diagrams, in Debian's chromium
 * (headless, 1280x800) against a real server on a fresh sqlite database:
 *  - open: file chosen -> every shape rendered, for the largest MIWG reference models and for
 *    generated chains of 250 / 1,000 / 2,000 tasks (median of 3 runs);
 *  - live: definition view of a 1,000-task chain with 100 running instances spread over it:
 *    navigation -> all badges shown, then one more start -> its badge updated.
 * Numbers only, no targets: the issue asks that large diagrams stay responsive.
 */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startServer } from '../server/src/app.ts';
import { ensureModelerBuilt } from '../scripts/build-modeler.ts';
import {
  CHROMIUM,
  drawableShapesPerDiagram,
  launchBrowser,
  renderedShapes,
} from '../test/browser/support.ts';

const CORPUS = fileURLToPath(new URL('../../shared/bpmn-corpus/miwg/reference/', import.meta.url));

/** A chain start -> n user tasks -> end, laid out in rows of 20, with DI. */
function chainWithDi(tasks: number): string {
  const nodes: string[] = ['<bpmn:startEvent id="s" />'];
  const flows: string[] = [];
  const shapes: string[] = [];
  const edges: string[] = [];
  const pos = (i: number) => ({ x: 100 + (i % 20) * 150, y: 80 + Math.floor(i / 20) * 140 });
  const ids = ['s', ...Array.from({ length: tasks }, (_, i) => `t${i}`), 'e'];
  ids.forEach((id, i) => {
    if (id.startsWith('t')) nodes.push(`<bpmn:userTask id="${id}" name="Task ${id.slice(1)}" />`);
    const p = pos(i);
    const [w, h] = id.startsWith('t') ? [100, 80] : [36, 36];
    shapes.push(
      `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${p.x}" y="${p.y}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`,
    );
    if (i > 0) {
      const from = ids[i - 1];
      flows.push(`<bpmn:sequenceFlow id="f${i}" sourceRef="${from}" targetRef="${id}" />`);
      const a = pos(i - 1);
      edges.push(
        `<bpmndi:BPMNEdge id="f${i}_di" bpmnElement="f${i}"><di:waypoint x="${a.x + 50}" y="${a.y + 40}" /><di:waypoint x="${p.x}" y="${p.y + 40}" /></bpmndi:BPMNEdge>`,
      );
    }
  });
  nodes.push('<bpmn:endEvent id="e" />');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d" targetNamespace="bench">
<bpmn:process id="chain${tasks}" isExecutable="true">${nodes.join('')}${flows.join('')}</bpmn:process>
<bpmndi:BPMNDiagram id="dg"><bpmndi:BPMNPlane id="pl" bpmnElement="chain${tasks}">${shapes.join('')}${edges.join('')}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeOpen(page: Page, file: string, shapes: number): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.goto(`${baseUrl}/#/modeler`);
    await page.locator('[data-testid=modeler-canvas]').waitFor();
    const started = performance.now();
    await page.setInputFiles('[data-testid=open-file]', file);
    const deadline = Date.now() + 60_000;
    while ((await renderedShapes(page)) < shapes) {
      if (Date.now() > deadline) throw new Error(`${file}: fewer than ${shapes} shapes after 60 s`);
      await page.waitForTimeout(5);
    }
    runs.push(performance.now() - started);
  }
  return median(runs);
}

let baseUrl = '';

async function rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/engine-rest${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function main(): Promise<void> {
  await ensureModelerBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-webapp-'));
  const server = await startServer({ databaseUrl: `sqlite:${join(dir, 'bench.sqlite')}`, port: 0 });
  baseUrl = server.url;
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  console.log(`chromium ${browser.version()} (${CHROMIUM}), node ${process.version}\n`);
  const rows: [string, number, number][] = [];
  try {
    for (const name of ['B.2.0', 'C.5.0', 'C.6.0']) {
      const file = `${CORPUS}${name}.bpmn`;
      const shapes = drawableShapesPerDiagram(readFileSync(file, 'utf8'))[0].shapes; // bpmn-js shows the first diagram
      console.error(`open ${name}`);
      rows.push([`open MIWG ${name}`, shapes, await timeOpen(page, file, shapes)]);
    }
    for (const tasks of [250, 1000, 2000]) {
      const file = join(dir, `chain${tasks}.bpmn`);
      writeFileSync(file, chainWithDi(tasks));
      console.error(`open chain ${tasks}`);
      rows.push([`open chain of ${tasks} tasks`, tasks + 2, await timeOpen(page, file, tasks + 2)]);
    }

    // live: 100 running instances of a 1,000-task chain, spread over its first 100 tasks
    const form = new FormData();
    form.set('data', new Blob([chainWithDi(1000)]), 'chain1000.bpmn');
    const deployed = (await (
      await fetch(`${baseUrl}/engine-rest/deployment/create`, { method: 'POST', body: form })
    ).json()) as {
      deployedProcessDefinitions: Record<string, { id: string }>;
    };
    const def = Object.values(deployed.deployedProcessDefinitions)[0];
    const start = () => rest<{ id: string }>('POST', `/process-definition/${def.id}/start`, {});
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await start()).id);
    // instance i completes i tasks, so tokens stand on t0 .. t99
    for (let round = 1; round < 100; round++)
      for (let i = round; i < 100; i++) {
        const [task] = await rest<{ id: string }[]>('GET', `/task?processInstanceId=${ids[i]}`);
        await rest('POST', `/task/${task.id}/complete`, {});
      }
    const started = performance.now();
    await page.goto(`${baseUrl}/#/definitions/${encodeURIComponent(def.id)}`);
    await page.locator('.baton-badge-active[data-element="t99"]').waitFor({ timeout: 60_000 });
    rows.push(['definition view, 1,000 tasks, 100 badges', 1002, performance.now() - started]);
    const before = performance.now();
    await start();
    await page.locator('.baton-badge-active[data-element="t0"]', { hasText: '2' }).waitFor();
    rows.push(['  one more start -> badge updated', 1002, performance.now() - before]);
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('| what | shapes | ms |\n| --- | ---: | ---: |');
  for (const [what, shapes, ms] of rows) console.log(`| ${what} | ${shapes} | ${ms.toFixed(0)} |`);
}

await main();
