import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { screenshot, spanRow } from './support/page-helpers.js';
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

describe('live connection', () => {
  it('recovers after a server restart on the same port and database, without a reload', async () => {
    const root = app.start('long-job');
    const before = app.start('step-before-restart', root);
    before.end();
    const { traceId } = root.spanContext();
    await page.goto(`${server.url}/traces/${traceId}`);
    await spanRow(page, before.spanContext().spanId).waitFor();
    const indicator = page.locator('.connection');
    await page.locator('.connection[data-connection="live"]').waitFor();
    // Marks this document: a reload would lose it.
    await page.evaluate('window.__sameDocument = true');

    await server.close();
    await page.locator('.connection:not([data-connection="live"])').waitFor();
    expect(['reconnecting', 'offline']).toContain(await indicator.getAttribute('data-connection'));

    server = await server.restart();
    const after = app.start('step-after-restart', root);
    await spanRow(page, after.spanContext().spanId).waitFor({ timeout: 20_000 });
    await page.locator('.connection[data-connection="live"]').waitFor();
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    // The earlier span is still there (from the database), exactly once.
    expect(await spanRow(page, before.spanContext().spanId).count()).toBe(1);

    after.end();
    root.end();
    await page.locator(`.span-row[data-span-id="${root.spanContext().spanId}"][data-state="ok"]`).waitFor();
    await screenshot(page, 'trace-after-restart');
  });
});
