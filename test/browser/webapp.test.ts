/**
 * The web app in a real browser (the five scenarios of the web app issue): open corpus diagrams,
 * deploy and start from the modeler and watch the token, work the task with its form while the
 * instance view follows live, see an incident in red and retry it, and survive a broken file.
 */
import { readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/support.ts';
import {
  browserUnavailable,
  CORPUS,
  FIXTURES,
  launchBrowser,
  openPage,
  renderedShapes,
  screenshot,
  shapesInXml,
} from './support.ts';

const skip = browserUnavailable();

describe.skipIf(skip !== undefined)('web app in chromium', () => {
  let server: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function page(path: string): Promise<Page> {
    const opened = await openPage(browser, `${server.url}/#${path}`);
    opened.page.on('pageerror', (e) => pageErrors.push(e.message));
    return opened.page;
  }

  async function openFile(p: Page, file: string): Promise<void> {
    await p.setInputFiles('[data-testid=open-file]', file);
  }

  it('opens A.2.0 and C.1.0 from the corpus and renders every shape', async () => {
    const p = await page('/modeler');
    for (const name of ['A.2.0', 'C.1.0']) {
      const file = `${CORPUS}${name}.bpmn`;
      const expected = shapesInXml(readFileSync(file, 'utf8'));
      await openFile(p, file);
      await expect.poll(() => p.locator('[data-testid=file-name]').textContent()).toContain(`${name}.bpmn`);
      await expect.poll(() => renderedShapes(p)).toBe(expected);
      expect(expected).toBeGreaterThan(5);
      const shot = await screenshot(p, `open-${name}`);
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    }
    await p.close();
  });

  it('deploys a diagram, starts an instance and shows the token on the user task within 2 s', async () => {
    const p = await page('/modeler');
    await openFile(p, `${FIXTURES}review.bpmn`);
    await expect.poll(() => renderedShapes(p)).toBe(3);
    await p.click('[data-testid=deploy]');
    await p.locator('[data-testid=deployed]').waitFor();
    await p.click('[data-testid=start-instance]');
    await p.fill('[data-testid=business-key]', 'BROWSER-1');
    const clicked = Date.now();
    await p.click('[data-testid=start-submit]');
    await p.locator('[data-element-id=Review].baton-active').waitFor({ timeout: 2000 });
    expect(Date.now() - clicked).toBeLessThan(2000);
    await expect.poll(() => p.locator('.baton-badge-active[data-element="Review"]').textContent()).toBe('1');
    await expect.poll(() => p.locator('[data-testid=why]').first().textContent()).toContain('underwriters');
    await screenshot(p, 'instance-waiting');
    await p.close();
  });

  it('claims and completes the task with a form; the open instance view follows to the end', async () => {
    const list = await server.rest<{ id: string }[]>('GET', '/process-instance?businessKey=BROWSER-1');
    const instanceId = list.body[0].id;
    const watcher = await page(`/instances/${instanceId}`);
    await watcher.locator('[data-element-id=Review].baton-active').waitFor();

    const p = await page('/tasks');
    await p.click('[data-testid=filter-group]');
    await p.click('[data-testid=task-item][data-task=Review]');
    await p.click('[data-testid=claim]');
    await p.locator('[data-testid=unclaim]').waitFor();
    // The server's constraint (max 100) is reported on the field, and nothing completes.
    await p.fill('[data-field=score]', '250');
    await p.click('[data-testid=complete-task]');
    await expect.poll(() => p.locator('[data-testid=field-error]').first().textContent()).toMatch(/100/);
    await p.fill('[data-field=score]', '42');
    await p.fill('[data-field=comment]', 'looks fine');
    await p.click('[data-testid=complete-task]');
    await p.locator('[data-testid=task-done]').waitFor();

    // The watcher never reloaded: the live feed carried it to the end.
    await expect.poll(() => watcher.locator('[data-testid=instance-state]').textContent()).toBe('COMPLETED');
    await watcher.locator('[data-element-id=Done].baton-completed').waitFor();
    expect(await watcher.locator('.baton-taken').count()).toBe(2);
    expect(await watcher.locator('.baton-active').count()).toBe(0);
    await watcher.click('[data-testid=tab-variables]');
    await expect
      .poll(() =>
        watcher
          .locator('[data-testid=var-name]')
          .evaluateAll((n) => n.map((i) => (i as unknown as { value: string }).value)),
      )
      .toContain('score');
    await screenshot(watcher, 'instance-completed');
    const variables = await server.rest<Record<string, { value: unknown }>>(
      'GET',
      `/history/variable-instance?processInstanceId=${instanceId}`,
    );
    expect(JSON.stringify(variables.body)).toContain('looks fine');
    await p.close();
    await watcher.close();
  });

  it('shows a failed external task as a red incident and resolves it live with retry', async () => {
    const xml = readFileSync(`${FIXTURES}payout.bpmn`);
    const form = new FormData();
    form.set('deployment-name', 'payout');
    form.set('data', new Blob([xml]), 'payout.bpmn');
    const deployed = await fetch(`${server.url}/engine-rest/deployment/create`, {
      method: 'POST',
      body: form,
    });
    expect(deployed.status).toBe(200);
    const started = await server.rest<{ id: string }>(
      'POST',
      '/process-definition/key/browserPayout/start',
      {},
    );
    const instanceId = started.body.id;

    const p = await page(`/instances/${instanceId}`);
    await p.locator('[data-element-id=PayOut].baton-active').waitFor();
    const locked = await server.rest<{ id: string }[]>('POST', '/external-task/fetchAndLock', {
      workerId: 'browser-worker',
      maxTasks: 1,
      topics: [{ topicName: 'browser-payout', lockDuration: 60_000 }],
    });
    expect(locked.body).toHaveLength(1);
    const failed = await server.rest('POST', `/external-task/${locked.body[0].id}/failure`, {
      workerId: 'browser-worker',
      errorMessage: 'core banking is down',
      retries: 0,
    });
    expect(failed.status).toBe(204);

    await p.locator('[data-element-id=PayOut].baton-incident').waitFor({ timeout: 5000 });
    await p.locator('.baton-badge-incident[data-element="PayOut"]').waitFor();
    await p.click('[data-testid=tab-incidents]');
    await expect
      .poll(() => p.locator('[data-testid=incident]').textContent())
      .toContain('core banking is down');
    await screenshot(p, 'incident');
    await p.click('[data-testid=retry-incident]');
    await p.locator('[data-element-id=PayOut].baton-incident').waitFor({ state: 'detached', timeout: 5000 });
    await expect.poll(() => p.locator('[data-testid=incident]').count()).toBe(0);
    await p.locator('[data-element-id=PayOut].baton-active').waitFor();
    await p.close();
  });

  it('reports a broken file and keeps the diagram that was open', async () => {
    const p = await page('/modeler');
    await openFile(p, `${FIXTURES}review.bpmn`);
    await expect.poll(() => renderedShapes(p)).toBe(3);
    await openFile(p, `${FIXTURES}broken.bpmn`);
    const notice = p.locator('[data-testid=error-notice]');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Cannot open broken\.bpmn/);
    expect(await renderedShapes(p)).toBe(3);
    expect(await p.locator('[data-testid=file-name]').textContent()).toContain('review.bpmn');
    await screenshot(p, 'broken-file');
    await p.close();
  });

  it('raised no uncaught exception in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
