/**
 * The rest of the web app in a real browser: every MIWG reference model opens, a diagram without
 * DI is laid out, flavours switch the properties panel, drafts round-trip, deploy diagnostics land
 * on the element, the definition view counts tokens live, heatmap, replay, dashboard, user switch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../server/support.ts';
import {
  browserUnavailable,
  drawableShapesPerDiagram,
  CORPUS,
  FIXTURES,
  launchBrowser,
  openPage,
  renderedShapes,
  screenshot,
} from './support.ts';

const skip = browserUnavailable();
const NO_DI = new URL(
  '../../../shared/bpmn-corpus/exec/camunda-bpm-platform/ExclusiveGatewayTest.testDefaultSequenceFlow.bpmn20.xml',
  import.meta.url,
).pathname;

describe.skipIf(skip !== undefined)('web app features in chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const page = async (path: string): Promise<Page> =>
    (await openPage(browser, `${server.url}/#${path}`)).page;
  const openFile = (p: Page, file: string) => p.setInputFiles('[data-testid=open-file]', file);

  async function deployFixture(name: string): Promise<string> {
    const form = new FormData();
    form.set('deployment-name', name);
    form.set('data', new Blob([readFileSync(`${FIXTURES}${name}.bpmn`)]), `${name}.bpmn`);
    const res = await fetch(`${server.url}/engine-rest/deployment/create`, { method: 'POST', body: form });
    const body = (await res.json()) as { deployedProcessDefinitions: Record<string, { id: string }> };
    return Object.values(body.deployedProcessDefinitions)[0].id;
  }

  it('opens every MIWG reference model and renders all of its shapes', async () => {
    const p = await page('/modeler');
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.bpmn'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    const timings: string[] = [];
    const mismatches: string[] = [];
    for (const file of files) {
      const diagrams = drawableShapesPerDiagram(readFileSync(`${CORPUS}${file}`, 'utf8'));
      const started = Date.now();
      await openFile(p, `${CORPUS}${file}`);
      await expect.poll(() => p.locator('[data-testid=file-name]').textContent()).toContain(file);
      await expect.poll(() => renderedShapes(p)).toBeGreaterThan(0);
      timings.push(`${file} ${await renderedShapes(p)} shapes ${Date.now() - started} ms`);
      for (const [index, diagram] of diagrams.entries()) {
        if (index > 0) await p.selectOption('[data-testid=diagram-select]', diagram.id);
        await expect
          .poll(() => p.locator('[data-testid=modeler-canvas]').getAttribute('data-shapes'))
          .not.toBe('0');
        const rendered = await renderedShapes(p);
        if (rendered !== diagram.shapes)
          mismatches.push(`${file} '${diagram.name}': ${rendered} of ${diagram.shapes} shapes`);
      }
    }
    expect(mismatches).toEqual([]);
    console.log(`MIWG reference models opened:\n  ${timings.join('\n  ')}`);
    await p.close();
  }, 120_000);

  it('lays out a diagram that has no DI instead of showing an empty canvas', async () => {
    const p = await page('/modeler');
    await openFile(p, NO_DI);
    await p.locator('[data-testid=info-notice]', { hasText: 'laid out automatically' }).waitFor();
    const xml = readFileSync(NO_DI, 'utf8');
    const flowNodes = [...xml.matchAll(/<(?:[\w-]+:)?(startEvent|endEvent|userTask|exclusiveGateway)\b/g)]
      .length;
    await expect.poll(() => renderedShapes(p)).toBeGreaterThanOrEqual(flowNodes);
    // the file gives flows only as sourceRef/targetRef: they are connected, not left out
    const flows = [...xml.matchAll(/<(?:[\w-]+:)?sequenceFlow\b/g)].length;
    expect(flows).toBeGreaterThan(3);
    expect(await p.locator('[data-testid=modeler-canvas] g.djs-connection').count()).toBe(flows);
    await screenshot(p, 'auto-layout');
    await p.close();
  });

  it('asks for the flavour of a new diagram and shows the matching properties panel', async () => {
    const p = await page('/modeler');
    await p.click('[data-testid=new-diagram]');
    await p.click('[data-testid=new-camunda7]');
    await expect.poll(() => p.locator('[data-testid=flavor]').textContent()).toContain('Camunda 7');
    await p.locator('[data-testid=properties-panel]', { hasText: 'History cleanup' }).waitFor();
    await p.click('[data-testid=new-diagram]');
    await p.click('[data-testid=new-camunda8]');
    await expect.poll(() => p.locator('[data-testid=flavor]').textContent()).toContain('Camunda 8');
    await p.locator('[data-testid=properties-panel] .bio-properties-panel-header').waitFor();
    expect(await p.locator('[data-testid=properties-panel]', { hasText: 'History cleanup' }).count()).toBe(0);
    // an imported zeebe diagram is detected as Camunda 8
    const zeebe = readFileSync(`${FIXTURES}review.bpmn`, 'utf8')
      .replace(
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
        'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
      )
      .replace(/ camunda:candidateGroups="underwriters"/, '')
      .replace(/<bpmn:extensionElements>[\s\S]*?<\/bpmn:extensionElements>/, '');
    await p.setInputFiles('[data-testid=open-file]', {
      name: 'zeebe.bpmn',
      mimeType: 'application/xml',
      buffer: Buffer.from(zeebe),
    });
    await expect.poll(() => p.locator('[data-testid=flavor]').textContent()).toContain('Camunda 8');
    await p.close();
  });

  it('saves a draft on the server and opens it again after a reload', async () => {
    const p = await page('/modeler');
    await openFile(p, `${FIXTURES}review.bpmn`);
    await expect.poll(() => renderedShapes(p)).toBe(3);
    await p.click('[data-testid=save-draft]');
    await expect.poll(() => p.url()).toContain('draft=');
    const drafts = await server.rest<{ id: string; name: string }[]>('GET', '/baton/draft');
    expect(drafts.body.map((d) => d.name)).toContain('review');
    await p.reload();
    await expect.poll(() => renderedShapes(p)).toBe(3);
    expect(await p.locator('[data-testid=file-name]').textContent()).toContain('review');
    await p.click('[data-testid=drafts-button]');
    await p.locator('[data-testid=draft-list]', { hasText: 'review' }).waitFor();
    await p.close();
  });

  it('edits Camunda attributes in the properties panel, with undo', async () => {
    const p = await page('/modeler');
    await openFile(p, `${FIXTURES}review.bpmn`);
    await expect.poll(() => renderedShapes(p)).toBe(3);
    await p.click('[data-testid=modeler-canvas] [data-element-id=Review]');
    await p.click(
      '[data-group-id="group-CamundaPlatform__UserAssignment"] .bio-properties-panel-group-header',
    );
    await p.fill('#bio-properties-panel-assignee', 'mary');
    await expect.poll(() => p.locator('[data-testid=undo]').isEnabled()).toBe(true);
    const saved = async () => {
      await p.click('[data-testid=save-draft]');
      await p.locator('[data-testid=info-notice]', { hasText: 'Saved draft' }).last().waitFor();
      const id = new URL(p.url().replace('#/', '')).searchParams.get('draft');
      return (await server.rest<{ xml: string }>('GET', `/baton/draft/${id}`)).body.xml;
    };
    expect(await saved()).toContain('camunda:assignee="mary"');
    await p.click('[data-testid=undo]');
    expect(await saved()).not.toContain('camunda:assignee');
    await p.close();
  });

  it('opens by drag and drop, saves with Ctrl+S, downloads .bpmn and .svg, starts with typed variables', async () => {
    const p = await page('/modeler');
    const xml = readFileSync(`${FIXTURES}review.bpmn`, 'utf8');
    // drop a file on the modeler, as a user drags it from the desktop
    await expect.poll(() => renderedShapes(p)).toBe(1); // the new diagram's start event
    // a string: this file is type-checked for node, the code runs in the page
    const drop = `(() => {
      const data = new DataTransfer();
      data.items.add(new File([${JSON.stringify(xml)}], 'dropped.bpmn', { type: 'application/xml' }));
      const target = document.querySelector('.modeler');
      for (const type of ['dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
    })()`;
    await p.evaluate(drop);
    await expect.poll(() => p.locator('[data-testid=file-name]').textContent()).toContain('dropped.bpmn');
    await expect.poll(() => renderedShapes(p)).toBe(3);

    await p.keyboard.press('Control+s');
    await p.locator('[data-testid=info-notice]', { hasText: "Saved draft 'dropped'" }).waitFor();

    const [bpmn] = await Promise.all([p.waitForEvent('download'), p.click('text=⤓ .bpmn')]);
    expect(bpmn.suggestedFilename()).toBe('dropped.bpmn');
    expect(readFileSync((await bpmn.path())!, 'utf8')).toContain('id="browserReview"');
    const [svg] = await Promise.all([p.waitForEvent('download'), p.click('text=⤓ .svg')]);
    expect(svg.suggestedFilename()).toBe('dropped.svg');
    expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<\?xml[\s\S]*<svg/);

    await p.click('[data-testid=deploy]');
    await p.locator('[data-testid=deployed]').waitFor();
    await p.click('[data-testid=start-instance]');
    await p.click('[data-testid=add-variable]');
    await p.fill('[data-testid=var-name]', 'limit');
    await p.selectOption('[data-testid=var-type]', 'Long');
    await p.fill('[data-testid=var-value]', '12.5');
    await p.click('[data-testid=start-submit]');
    await p
      .locator('[data-testid=start-dialog] .field-error', { hasText: 'limit is not a whole number' })
      .waitFor();
    await p.fill('[data-testid=var-value]', '12');
    await p.click('[data-testid=start-submit]');
    await p.locator('[data-element-id=Review].baton-active').waitFor();
    const id = new URL(p.url()).hash.split('/').pop()!;
    const vars = await server.rest<Record<string, { value: unknown; type: string }>>(
      'GET',
      `/process-instance/${id}/variables`,
    );
    expect(vars.body.limit).toMatchObject({ value: 12, type: 'Long' });
    await p.close();
  });

  it("shows the server's deploy diagnostics on the offending element", async () => {
    const p = await page('/modeler');
    await openFile(p, `${FIXTURES}invalid.bpmn`);
    await expect.poll(() => renderedShapes(p)).toBe(3);
    await p.click('[data-testid=deploy]');
    await p.locator('[data-testid=diagnostics]', { hasText: 'Due date does not parse' }).waitFor();
    expect(await p.locator('[data-testid=diagnostics]').textContent()).toContain('Review');
    await p.locator('[data-element-id=Review].baton-diagnostic').waitFor();
    await p.locator('[data-testid=diagnostic-badge]').waitFor();
    await screenshot(p, 'deploy-diagnostics');
    const definitions = await server.rest<{ key: string }[]>('GET', '/process-definition?key=browserInvalid');
    expect(definitions.body).toEqual([]);
    await p.close();
  });

  it('counts tokens per activity live on the definition view, shows a heatmap, and replays an instance', async () => {
    const definitionId = await deployFixture('review');
    const p = await page(`/definitions/${definitionId}`);
    await expect.poll(() => p.locator('[data-testid=running-count]').textContent()).toContain('0 running');
    for (let i = 0; i < 3; i++)
      await server.rest('POST', `/process-definition/${definitionId}/start`, { businessKey: `LIVE-${i}` });
    await expect.poll(() => p.locator('.baton-badge-active[data-element="Review"]').textContent()).toBe('3');
    await expect.poll(() => p.locator('[data-testid=running-count]').textContent()).toContain('3 running');
    await expect.poll(() => p.locator('.recent').count()).toBe(3); // the recent list follows too
    const tasks = await server.rest<{ id: string; processInstanceId: string }[]>(
      'GET',
      '/task?processDefinitionId=' + encodeURIComponent(definitionId),
    );
    const done = tasks.body[0];
    await server.rest('POST', `/task/${done.id}/complete`, {
      variables: { score: { value: 7, type: 'Long' } },
    });
    await expect.poll(() => p.locator('.baton-badge-active[data-element="Review"]').textContent()).toBe('2');

    await p.click('[data-testid=heatmap-toggle]');
    await expect
      .poll(() => p.locator('.baton-badge-heat[data-element="Review"]').textContent())
      .toMatch(/^3 · /);
    await p.locator('[data-testid=slowest]', { hasText: 'Review' }).waitFor();
    await screenshot(p, 'heatmap');

    await p.goto(`${server.url}/#/instances/${done.processInstanceId}`);
    await expect.poll(() => p.locator('[data-testid=instance-state]').textContent()).toBe('COMPLETED');
    await p.click('[data-testid=replay-toggle]');
    const slider = p.locator('[data-testid=replay-slider]');
    const max = Number(await slider.getAttribute('max'));
    expect(max).toBeGreaterThan(5);
    // scrub back to the moment the task waited: the token is on Review, the score not yet set
    let waitingAt = -1;
    for (let position = 0; position <= max && waitingAt < 0; position++) {
      await slider.fill(String(position));
      if ((await p.locator('[data-element-id=Review].baton-active').count()) === 1) waitingAt = position;
    }
    expect(waitingAt).toBeGreaterThan(0);
    expect(await p.locator('[data-testid=replay]').textContent()).not.toContain('score = 7');
    await slider.fill(String(max));
    await p.locator('[data-testid=replay]', { hasText: 'score = 7' }).waitFor();
    expect(await p.locator('.baton-active').count()).toBe(0);
    await p.close();
  });

  it('edits variables, suspends, resumes and cancels an instance from its page', async () => {
    const definitionId = await deployFixture('review');
    const started = await server.rest<{ id: string }>('POST', `/process-definition/${definitionId}/start`, {
      variables: { amount: { value: 100, type: 'Long' } },
    });
    const id = started.body.id;
    const p = await page(`/instances/${id}`);
    p.on('dialog', (dialog) => void dialog.accept());
    await p.locator('[data-element-id=Review].baton-active').waitFor();

    await p.click('[data-testid=tab-variables]');
    const value = p.locator('[data-testid=var-value]').first();
    await expect.poll(() => value.inputValue()).toBe('100');
    await value.fill('250');
    await p.click('[data-testid=save-variables]');
    await p.locator('[data-testid=info-notice]', { hasText: 'Variables saved' }).waitFor({ timeout: 5000 });
    const variables = await server.rest<Record<string, { value: unknown }>>(
      'GET',
      `/process-instance/${id}/variables`,
    );
    expect(variables.body.amount.value).toBe(250);

    await p.click('text=Suspend');
    await expect.poll(() => p.locator('[data-testid=instance-state]').textContent()).toBe('SUSPENDED');
    await p.click('[data-testid=resume]');
    await expect.poll(() => p.locator('[data-testid=instance-state]').textContent()).toBe('ACTIVE');
    await p.click('[data-testid=cancel-instance]');
    await expect
      .poll(() => p.locator('[data-testid=instance-state]').textContent())
      .toBe('EXTERNALLY_TERMINATED');
    await expect.poll(() => p.locator('.baton-active').count()).toBe(0);
    await p.close();
  });

  it('filters and pages the instances list', async () => {
    const definitionId = await deployFixture('payout');
    for (let i = 0; i < 27; i++)
      await server.rest('POST', `/process-definition/${definitionId}/start`, {
        businessKey: `PAGE-${String(i).padStart(2, '0')}`,
      });
    const locked = await server.rest<{ id: string }[]>('POST', '/external-task/fetchAndLock', {
      workerId: 'w',
      maxTasks: 1,
      topics: [{ topicName: 'browser-payout', lockDuration: 60_000 }],
    });
    await server.rest('POST', `/external-task/${locked.body[0].id}/failure`, {
      workerId: 'w',
      errorMessage: 'down',
      retries: 0,
    });

    const p = await page('/instances');
    await p.selectOption('[data-testid=filter-key]', 'browserPayout');
    const rows = p.locator('[data-testid=instances] tbody tr');
    await expect.poll(() => rows.count()).toBe(25);
    await p.click('text=Older →');
    await expect.poll(() => rows.count()).toBe(2);
    await p.click('text=← Newer');
    await expect.poll(() => rows.count()).toBe(25);
    await p.fill('[data-testid=filter-business-key]', 'PAGE-1');
    await p.press('[data-testid=filter-business-key]', 'Enter');
    await expect.poll(() => rows.count()).toBe(10); // PAGE-10 .. PAGE-19
    await p.fill('[data-testid=filter-business-key]', '');
    await p.press('[data-testid=filter-business-key]', 'Enter');
    await p.check('[data-testid=filter-incidents]');
    await expect.poll(() => rows.count()).toBe(1);
    await p.uncheck('[data-testid=filter-incidents]');
    await p.selectOption('[data-testid=filter-state]', 'completed');
    await p.locator('text=No instances match').waitFor();
    await p.close();
  });

  it('runs a Camunda 8 diagram end to end: zeebe properties, embedded form, validation on the field', async () => {
    const p = await page('/modeler');
    await openFile(p, `${FIXTURES}review-c8.bpmn`);
    await expect.poll(() => p.locator('[data-testid=flavor]').textContent()).toContain('Camunda 8');
    // the zeebe provider: the user task's assignment group shows its candidate groups
    await p.click('[data-testid=modeler-canvas] [data-element-id=Review]');
    await p.click('[data-group-id="group-assignmentDefinition"] .bio-properties-panel-group-header');
    await expect
      .poll(() => p.inputValue('input[name=assignmentDefinitionCandidateGroups]'))
      .toBe('underwriters');
    await p.click('[data-testid=deploy]');
    await p.locator('[data-testid=deployed]').waitFor();
    await p.click('[data-testid=start-instance]');
    await p.fill('[data-testid=business-key]', 'C8-1');
    await p.click('[data-testid=start-submit]');
    await p.locator('[data-element-id=Review].baton-active').waitFor({ timeout: 2000 });
    const instanceId = new URL(p.url()).hash.split('/').pop()!;

    await p.click('nav >> text=Tasks');
    await p.click('[data-testid=filter-group]');
    await p.click('[data-testid=task-item][data-task=Review] >> nth=0');
    await p.click('[data-testid=claim]');
    await p.locator('[data-testid=unclaim]').waitFor();
    await p.fill('[data-field=score]', '150');
    await p.selectOption('[data-field=decision]', 'approve');
    await p.click('[data-testid=complete-task]');
    await expect.poll(() => p.locator('[data-testid=field-error]').first().textContent()).toMatch(/100/);
    await p.fill('[data-field=score]', '60');
    await p.click('[data-testid=complete-task]');
    await p.locator('[data-testid=task-done]').waitFor();
    const history = await server.rest<{ state: string }>('GET', `/history/process-instance/${instanceId}`);
    expect(history.body.state).toBe('COMPLETED');
    const vars = await server.rest<{ name: string; value: unknown }[]>(
      'GET',
      `/history/variable-instance?processInstanceId=${instanceId}`,
    );
    expect(Object.fromEntries(vars.body.map((v) => [v.name, v.value]))).toMatchObject({
      score: 60,
      decision: 'approve',
    });
    await p.close();
  });

  it('shows the dashboard with the running instances and open tasks per group', async () => {
    const running = await server.rest<{ count: number }>('GET', '/process-instance/count');
    const p = await page('/dashboard');
    await p.locator('[data-testid=kpis]').waitFor();
    expect(await p.locator('[data-testid=kpis]').textContent()).toContain(
      `Running instances${running.body.count}`,
    );
    await p.locator('[data-testid=tasks-by-group]', { hasText: 'underwriters' }).waitFor();
    await screenshot(p, 'dashboard');
    await p.close();
  });

  it('updates the task list live when an instance creates a task', async () => {
    const definitionId = await deployFixture('review');
    const p = await page('/tasks');
    await p.click('[data-testid=filter-unassigned]');
    const open = await server.rest<unknown[]>('GET', '/task?unassigned=true');
    const before = open.body.length;
    await expect.poll(() => p.locator('[data-testid=task-item]').count()).toBe(before);
    await server.rest('POST', `/process-definition/${definitionId}/start`, { businessKey: 'TASKLIST-LIVE' });
    await expect.poll(() => p.locator('[data-testid=task-item]').count(), { timeout: 3000 }).toBe(before + 1);
    await p.close();
  });

  it('switches the current user: tasks offered to other groups disappear from the group list', async () => {
    const p = await page('/tasks');
    await p.click('[data-testid=filter-group]');
    await expect.poll(() => p.locator('[data-testid=task-item]').count()).toBeGreaterThan(0);
    await p.click('[data-testid=user-switch]');
    await p.fill('[data-testid=user-id]', 'carol');
    await p.fill('[data-testid=user-groups]', 'compliance');
    await p.click('text=Apply');
    await p.locator('[data-testid=no-tasks]').waitFor();
    expect(await p.locator('[data-testid=user-switch]').textContent()).toContain('carol');
    await p.close();
  });
});
