import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { screenshot, traceRow } from './support/page-helpers.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

let server: UiServer;
let browser: Browser;
let app: TestApp;
let page: Page;

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  app = createTestApp(server.url);
  page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
});

afterAll(async () => {
  await page?.close();
  await app?.shutdown();
  await browser?.close();
  await server?.dispose();
});

async function listedIds(): Promise<Array<string | null>> {
  return page
    .locator('.trace-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trace-id')));
}

describe('trace list', () => {
  it('starts with a guide to sending a first trace, then lists traces live, newest first, with filters', async () => {
    await page.goto(server.url);
    const guide = page.locator('.guide');
    await guide.waitFor();
    const guideText = (await guide.textContent()) ?? '';
    expect(guideText).toContain('initTracing');
    expect(guideText).toContain('RealtimeSpanProcessor');
    expect(guideText).toContain(`${server.url}/v1/traces`);
    await screenshot(page, 'list-empty');

    // Start times a second apart, so "newest first" does not hang on ties.
    const t0 = Date.now();
    const done = app.start('ingest-documents', undefined, { startTime: t0 - 3000 });
    done.end();
    const failed = app.start('answer-question', undefined, { startTime: t0 - 2000 });
    failed.setStatus({ code: 2, message: 'model unavailable' });
    failed.end();
    const running = app.start('index-embeddings', undefined, { startTime: t0 - 1000 });
    const ids = [running, failed, done].map((span) => span.spanContext().traceId);

    await traceRow(page, ids[0]!).waitFor();
    await page.locator(`.trace-row[data-trace-id="${ids[2]}"][data-status="ok"]`).waitFor();
    await page.locator(`.trace-row[data-trace-id="${ids[1]}"][data-status="error"]`).waitFor();
    expect(await listedIds()).toEqual(ids);
    expect(await traceRow(page, ids[1]!).locator('.has-errors').textContent()).toBe('1');
    await screenshot(page, 'list-live');

    await page.getByRole('button', { name: 'Running only' }).click();
    await page.locator('.trace-row').first().waitFor();
    expect(await listedIds()).toEqual([ids[0]]);

    await page.getByRole('button', { name: 'All' }).click();
    await page.getByLabel('Filter by name').fill('QUESTION');
    await page.locator(`.trace-row[data-trace-id="${ids[0]}"]`).waitFor({ state: 'detached' });
    expect(await listedIds()).toEqual([ids[1]]);

    await page.getByLabel('Filter by name').fill('');
    running.end();
    await page.locator(`.trace-row[data-trace-id="${ids[0]}"][data-status="ok"]`).waitFor();
  });

  it('has a Flows tab that says how to connect an app when none is', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Flows' }).click();
    await page.waitForURL('**/flows');
    const message = page.locator('.flows-page', { hasText: 'No app connected' });
    await message.waitFor();
    expect(await message.textContent()).toContain('livespan start -- <cmd>');
  });
});
