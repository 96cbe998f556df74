import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { screenshot, spanRow, traceRow, waitForDurationAbove } from './support/page-helpers.js';
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
});

afterAll(async () => {
  await app?.shutdown();
  await browser?.close();
  await server?.dispose();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
  return () => page.close();
});

describe('live trace view in Chromium', () => {
  it('shows a started span as running in the list and the tree, ticking, then ok when it ends', async () => {
    await page.goto(server.url);
    const root = app.start('checkout-flow');
    const { traceId, spanId } = root.spanContext();

    const listRow = traceRow(page, traceId);
    await listRow.waitFor();
    expect(await listRow.getAttribute('data-status')).toBe('running');
    expect(await listRow.locator('.trace-name').textContent()).toBe('checkout-flow');

    await listRow.click();
    await page.waitForURL(`**/traces/${traceId}`);
    const row = spanRow(page, spanId);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('running');
    const duration = `.span-row[data-span-id="${spanId}"] .span-duration-cell`;
    const first = await waitForDurationAbove(page, duration, 0);
    const later = await waitForDurationAbove(page, duration, first);
    expect(later).toBeGreaterThan(first);
    expect(await page.locator(duration).textContent()).toMatch(/…$/);
    await screenshot(page, 'trace-running');

    root.end();
    await page.locator(`.span-row[data-span-id="${spanId}"][data-state="ok"]`).waitFor();
    expect(await page.locator(duration).textContent()).not.toMatch(/…$/);
    expect(await page.locator('.trace-header .status-badge').getAttribute('data-status')).toBe('ok');
    await expect(page.locator('.realtime-notice').count()).resolves.toBe(0);

    await page.goto(server.url);
    await page.locator(`.trace-row[data-trace-id="${traceId}"][data-status="ok"]`).waitFor();
  });

  it('renders nested and parallel spans as an indented tree with overlapping bars', async () => {
    // Distinct start times (1 ms apart), so the expected order does not hang on ties.
    const t0 = Date.now();
    const root = app.start('plan-trip', undefined, { startTime: t0 });
    const search = app.start('search-flights', root, { startTime: t0 + 1 });
    const fetchA = app.start('fetch-airline-a', search, { startTime: t0 + 2 });
    const hotels = app.start('search-hotels', root, { startTime: t0 + 3 }); // parallel to search-flights
    const { traceId } = root.spanContext();
    await page.goto(`${server.url}/traces/${traceId}`);

    for (const span of [root, search, fetchA, hotels])
      await spanRow(page, span.spanContext().spanId).waitFor();
    const depth = async (span: typeof root) =>
      spanRow(page, span.spanContext().spanId).getAttribute('data-depth');
    expect(await depth(root)).toBe('0');
    expect(await depth(search)).toBe('1');
    expect(await depth(fetchA)).toBe('2');
    expect(await depth(hotels)).toBe('1');

    // Tree order: children in start order, each subtree under its parent.
    const order = await page
      .locator('.span-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-span-id')));
    expect(order).toEqual([root, search, fetchA, hotels].map((span) => span.spanContext().spanId));

    // Deeper rows are indented further.
    const nameX = async (span: typeof root) =>
      (await spanRow(page, span.spanContext().spanId).locator('.span-name').boundingBox())!.x;
    expect(await nameX(search)).toBeGreaterThan(await nameX(root));
    expect(await nameX(fetchA)).toBeGreaterThan(await nameX(search));

    // Staggered end times: flights [1, 400], hotels [3, 500] overlap.
    fetchA.end(t0 + 300);
    search.end(t0 + 400);
    hotels.end(t0 + 500);
    root.end(t0 + 600);
    await page.locator(`.span-row[data-span-id="${root.spanContext().spanId}"][data-state="ok"]`).waitFor();
    const bar = async (span: typeof root) =>
      (await spanRow(page, span.spanContext().spanId).locator('.span-bar').boundingBox())!;
    const flights = await bar(search);
    const hotelBar = await bar(hotels);
    // search-hotels started while search-flights ran: the bars overlap in time.
    expect(hotelBar.x).toBeLessThan(flights.x + flights.width);
    expect(hotelBar.x).toBeGreaterThanOrEqual(flights.x);
    await screenshot(page, 'trace-nested');
    await page.emulateMedia({ colorScheme: 'dark' });
    await spanRow(page, search.spanContext().spanId).click();
    await screenshot(page, 'trace-nested-dark');
  });

  it('shows the realtime notice for a trace whose spans of a second or more arrived only when they ended', async () => {
    const plain = createTestApp(server.url, { realtime: false });
    try {
      // Spans of 1.5 s that arrived only ended prove the app is not in realtime mode;
      // quicker ones prove nothing (the realtime flush is 20 ms).
      const t0 = Date.now() - 1_500;
      const root = plain.start('batch-only', undefined, { startTime: t0 });
      plain.start('child', root, { startTime: t0 + 1 }).end(t0 + 1_200);
      root.end(t0 + 1_500);
      await plain.flush();
      await page.goto(`${server.url}/traces/${root.spanContext().traceId}`);
      const notice = page.locator('.realtime-notice');
      await notice.waitFor();
      // livespan's exporter says it is not realtime: the advice is livespan's own.
      expect(await notice.getAttribute('data-advice')).toBe('livespan');
      expect(await notice.textContent()).toContain('GENKIT_ENABLE_REALTIME_TELEMETRY=true');
      expect(await notice.textContent()).toContain('--no-realtime');
      await screenshot(page, 'realtime-notice-livespan');
    } finally {
      await plain.shutdown();
    }
  });
});
