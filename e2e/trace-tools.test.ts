import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { inPage, screenshot, spanRow, waitInPage } from './support/page-helpers.js';
import { hexId, postOtlpJson, postTraceData, type WireSpan } from './support/post-spans.js';

const ui = useLiveUi();
// Fail with the step that waited, well before the test's own timeout.
beforeAll(() => ui.page.setDefaultTimeout(10_000));

const FETCHES = 300;
const DEPTH = 20;

/**
 * agent ─┬ loop ── fetch ×300 (each with an http.url; #150 has a failing "parse" child)
 *        ├ report (failed)
 *        └ level-1 … level-20 (a 20-deep chain of long names)
 */
async function postBigTrace() {
  const traceId = hexId(16);
  const t0 = Date.now() - 10_000;
  const id = { root: hexId(8), loop: hexId(8), parse: hexId(8), report: hexId(8) };
  const fetches = Array.from({ length: FETCHES }, () => hexId(8));
  const chain = Array.from({ length: DEPTH }, () => hexId(8));
  const spans: WireSpan[] = [
    { traceId, spanId: id.root, displayName: 'agent', startTime: t0, endTime: t0 + 3000 },
    {
      traceId,
      spanId: id.loop,
      parentSpanId: id.root,
      displayName: 'loop',
      startTime: t0 + 10,
      endTime: t0 + 2500,
    },
    ...fetches.map((spanId, i) => ({
      traceId,
      spanId,
      parentSpanId: id.loop,
      displayName: 'fetch',
      startTime: t0 + 20 + i * 8,
      endTime: t0 + 25 + i * 8 + (i % 7) * 3,
      attributes: { 'http.url': `https://api.example.com/items/${i}` },
    })),
    {
      traceId,
      spanId: id.parse,
      parentSpanId: fetches[150],
      displayName: 'parse',
      startTime: t0 + 1221,
      endTime: t0 + 1222,
      status: { code: 2, message: 'bad json' },
    },
    {
      traceId,
      spanId: id.report,
      parentSpanId: id.root,
      displayName: 'report',
      startTime: t0 + 2600,
      endTime: t0 + 2650,
      status: { code: 2, message: 'no data' },
    },
    ...chain.map((spanId, i) => ({
      traceId,
      spanId,
      parentSpanId: i === 0 ? id.root : chain[i - 1],
      displayName: `nested_flow_step_level_${i + 1}`,
      startTime: t0 + 2700 + i,
      endTime: t0 + 2990 - i,
    })),
  ];
  await postTraceData(ui.server.url, traceId, spans);
  return { traceId, id, fetches, chain };
}

const selectedId = (page: Page) =>
  page.locator('.span-row[aria-selected="true"]').getAttribute('data-span-id');
const searchParam = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);

/** Whether the row of `spanId` is inside the scrolled tree's visible area. */
function rowInView(page: Page, spanId: string) {
  return waitInPage(
    page,
    `const row = document.querySelector('.span-row[data-span-id="' + args.spanId + '"]');
     const box = document.querySelector('.span-grid-scroll')?.getBoundingClientRect();
     if (!row || !box) return false;
     const r = row.getBoundingClientRect();
     return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;`,
    { spanId },
  );
}

describe('trace view tools', () => {
  it('opens on the deepest failed span (revealed from its fold), and the error count jumps to the next error', async () => {
    const { page } = ui;
    const trace = await postBigTrace();
    await page.goto(`${ui.server.url}/traces/${trace.traceId}`);
    await spanRow(page, trace.id.parse).and(page.locator('[aria-selected="true"]')).waitFor();
    await rowInView(page, trace.id.parse);
    expect(searchParam(page, 'span')).toBe(trace.id.parse);
    expect(await page.locator('.span-details .details-name').textContent()).toBe('parse');

    const errors = page.locator('.trace-header .fact-error');
    expect(await errors.textContent()).toContain('2 errors');
    await errors.click();
    await spanRow(page, trace.id.report).and(page.locator('[aria-selected="true"]')).waitFor();
    await errors.click();
    await spanRow(page, trace.id.parse).and(page.locator('[aria-selected="true"]')).waitFor();
    await screenshot(page, 'trace-tools-first-error');
  });

  it('searches names and attribute values, steps with Enter / Shift+Enter, keeps the search in the URL, and can show only matches', async () => {
    const { page } = ui;
    const trace = await postBigTrace();
    await page.goto(`${ui.server.url}/traces/${trace.traceId}`);
    await spanRow(page, trace.id.parse).waitFor();
    const input = page.locator('.trace-search-input');

    // items/15 and items/150…159: 11 fetch spans, matched by an attribute value.
    await input.fill('ITEMS/15');
    await page.locator('.trace-search-count', { hasText: '1 of 11' }).waitFor();
    expect(await selectedId(page)).toBe(trace.fetches[15]);
    await rowInView(page, trace.fetches[15]!);
    expect(await spanRow(page, trace.fetches[15]!).getAttribute('data-match')).toBe('true');
    // The name did not match: the row says which attribute did.
    expect(await spanRow(page, trace.fetches[15]!).locator('.span-match-hint').textContent()).toBe(
      'http.url: …ple.com/items/15',
    );
    await input.press('Enter');
    await page.locator('.trace-search-count', { hasText: '2 of 11' }).waitFor();
    expect(await selectedId(page)).toBe(trace.fetches[150]);
    await input.press('Shift+Enter');
    await input.press('Shift+Enter');
    await page.locator('.trace-search-count', { hasText: '11 of 11' }).waitFor();
    expect(await selectedId(page)).toBe(trace.fetches[159]);
    await page.getByRole('button', { name: 'Next match' }).click();
    await page.locator('.trace-search-count', { hasText: '1 of 11' }).waitFor();
    // Only the rows in view are in the DOM, however many spans the trace has.
    expect(await page.locator('.span-row').count()).toBeLessThan(80);
    expect(searchParam(page, 'q')).toBe('ITEMS/15');

    await page.reload();
    await page.locator('.trace-search-count', { hasText: '1 of 11' }).waitFor();
    expect(await input.inputValue()).toBe('ITEMS/15');
    expect(await selectedId(page)).toBe(trace.fetches[15]);

    await page.getByLabel('Only matches').check();
    // The 11 matches and their two ancestors, nothing else.
    await waitInPage(page, 'return document.querySelectorAll(".span-row").length === 13;', {});
    await screenshot(page, 'trace-tools-only-matches');
    await page.getByLabel('Only matches').uncheck();

    // A name match is marked in the row; the Errors filter narrows to failed spans.
    await input.fill('LEVEL_20');
    await page.locator('.trace-search-count', { hasText: '1 of 1' }).waitFor();
    expect(await page.locator('.span-row mark').first().textContent()).toBe('level_20');
    await input.fill('');
    await page.getByRole('button', { name: 'Errors', exact: true }).click();
    await page.locator('.trace-search-count', { hasText: 'of 2' }).waitFor();
  });

  it('folds 300 same-named siblings into one row that opens on click; expand all, collapse all, Alt+click collapses below', async () => {
    const { page } = ui;
    const trace = await postBigTrace();
    await page.goto(`${ui.server.url}/traces/${trace.traceId}?span=${trace.id.loop}`);
    await spanRow(page, trace.id.loop).and(page.locator('[aria-selected="true"]')).waitFor();
    const fold = page.locator('.fold-row');
    expect(await fold.textContent()).toMatch(/^≡fetch ×300, 5 ms–23 ms, median \d+ ms$/);
    expect(await spanRow(page, trace.fetches[1]!).count()).toBe(0);
    await screenshot(page, 'trace-tools-fold');
    await fold.click();
    await spanRow(page, trace.fetches[1]!).waitFor();
    expect(await fold.count()).toBe(0);
    // The first of them folds the run back.
    await spanRow(page, trace.fetches[0]!).getByRole('button', { name: 'fold ×300' }).click();
    await spanRow(page, trace.fetches[1]!).waitFor({ state: 'detached' });
    await fold.click();
    await spanRow(page, trace.fetches[1]!).waitFor();

    await page.getByRole('button', { name: 'Collapse all' }).click();
    await waitInPage(page, 'return document.querySelectorAll(".span-row").length === 1;', {});
    await page.getByRole('button', { name: 'Expand all' }).click();
    await spanRow(page, trace.id.loop).waitFor();
    expect(await page.locator('.fold-row').count()).toBe(0);

    const rootToggle = spanRow(page, trace.id.root).locator('.span-toggle');
    await rootToggle.click({ modifiers: ['Alt'] });
    await spanRow(page, trace.id.loop).waitFor({ state: 'detached' });
    await rootToggle.click();
    await spanRow(page, trace.id.loop).waitFor();
    // Everything below the root was collapsed too, so its children open closed.
    expect(await spanRow(page, trace.id.loop).getAttribute('aria-expanded')).toBe('false');
    expect(await spanRow(page, trace.chain[0]!).getAttribute('aria-expanded')).toBe('false');
  });

  it('keeps deep names readable at 800 px, with the full name on hover, and axis labels apart', async () => {
    const trace = await postBigTrace();
    const page = await ui.browser.newPage({ viewport: { width: 800, height: 700 } });
    try {
      const deepest = trace.chain[DEPTH - 1]!;
      await page.goto(`${ui.server.url}/traces/${trace.traceId}?span=${deepest}`);
      const row = spanRow(page, deepest);
      await row.waitFor();
      expect(await row.getAttribute('aria-level')).toBe(String(DEPTH + 1));
      const name = row.locator('.span-name');
      expect(await name.getAttribute('title')).toBe(`nested_flow_step_level_${DEPTH}`);
      const nameWidth = async () => (await name.boundingBox())?.width ?? 0;
      expect(await nameWidth()).toBeGreaterThan(50);

      // The axis labels never overlap at this width.
      const tickBoxes = async () =>
        (await page.evaluate(
          inPage(
            `return [...document.querySelectorAll('.span-grid-head .tick')].map((t) => {
             const r = t.getBoundingClientRect();
             return [r.left, r.right];
           });`,
            {},
          ),
        )) as Array<[number, number]>;
      const boxes = await tickBoxes();
      await screenshot(page, 'trace-tools-800-deep');
      expect(boxes.length).toBeGreaterThan(1);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]![0]).toBeGreaterThan(boxes[i - 1]![1]);
    } finally {
      await page.close();
    }
  });

  it('resizes the name column by its drag handle and remembers the width', async () => {
    const { page } = ui;
    const trace = await postBigTrace();
    await page.goto(`${ui.server.url}/traces/${trace.traceId}?span=${trace.id.root}`);
    await spanRow(page, trace.id.root).waitFor();
    const head = page.locator('.span-grid-head .span-tree-cell');
    const before = (await head.boundingBox())!.width;
    const handle = (await page.locator('.column-resizer').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 150, handle.y + handle.height / 2, { steps: 4 });
    await page.mouse.up();
    const after = (await head.boundingBox())!.width;
    expect(after).toBeGreaterThan(before + 140);
    expect((await spanRow(page, trace.id.root).locator('.span-tree-cell').boundingBox())!.width).toBe(after);

    await page.reload();
    await spanRow(page, trace.id.root).waitFor();
    expect(Math.round((await head.boundingBox())!.width)).toBe(Math.round(after));
    await page.evaluate(inPage("localStorage.removeItem('livespan.treeWidth');", {}));
  });

  it('zooms the timeline to a dragged range, and resets', async () => {
    const { page } = ui;
    const trace = await postBigTrace();
    // The root, not the failed span the page would open on.
    await page.goto(`${ui.server.url}/traces/${trace.traceId}?span=${trace.id.root}`);
    await spanRow(page, trace.id.root).waitFor();
    const firstTick = page.locator('.span-grid-head .tick').first();
    expect(await firstTick.textContent()).toBe('0 ms');
    const rootBar = spanRow(page, trace.id.root).locator('.span-bar');
    const fullWidth = (await rootBar.boundingBox())!.width;

    const axis = (await page.locator('.time-axis').boundingBox())!;
    const y = axis.y + axis.height / 2;
    await page.mouse.move(axis.x + axis.width * 0.4, y);
    await page.mouse.down();
    await page.mouse.move(axis.x + axis.width * 0.6, y, { steps: 5 });
    await page.mouse.up();
    const reset = page.getByRole('button', { name: 'Reset zoom' });
    await reset.waitFor();
    // 20% of a 3 s trace: ticks now read from ~1.2 s to ~1.8 s after the start.
    expect(await firstTick.textContent()).toMatch(/^1\.\d s$/);
    expect((await rootBar.boundingBox())!.width).toBeGreaterThan(fullWidth * 0.95);
    // "report" ran at 2.6 s: outside the range, so no bar (not a sliver at the edge).
    expect(await spanRow(page, trace.id.report).locator('.span-bar').count()).toBe(0);
    await screenshot(page, 'trace-tools-zoomed');

    await reset.click();
    await page.locator('.span-grid-head .tick', { hasText: /^0 ms$/ }).waitFor();
    expect(await reset.count()).toBe(0);
    expect(await spanRow(page, trace.id.report).locator('.span-bar').count()).toBe(1);
  });

  it('links a span: selecting updates the URL, Copy link copies it, and the link opens that span', async () => {
    const { page } = ui;
    const trace = await postBigTrace();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.server.url });
    await page.goto(`${ui.server.url}/traces/${trace.traceId}?span=${trace.id.root}`);
    await spanRow(page, trace.id.report).click();
    await page.waitForURL((url) => url.searchParams.get('span') === trace.id.report);
    await page.locator('.span-details').getByRole('button', { name: 'Copy link' }).click();
    const copied = await page.evaluate(inPage('return navigator.clipboard.readText();', {}));
    expect(copied).toBe(`${ui.server.url}/traces/${trace.traceId}?span=${trace.id.report}`);

    // A span in a fold, deep in the list: opened and scrolled to.
    const hidden = trace.fetches[280]!;
    await page.goto(`${ui.server.url}/traces/${trace.traceId}?span=${hidden}`);
    await spanRow(page, hidden).and(page.locator('[aria-selected="true"]')).waitFor();
    await rowInView(page, hidden);

    // A linked span that has not arrived yet stays in the URL, and is selected when it comes.
    const late = hexId(8);
    await page.goto(`${ui.server.url}/traces/${trace.traceId}?span=${late}`);
    await spanRow(page, trace.id.root).waitFor();
    expect(searchParam(page, 'span')).toBe(late);
    const now = Date.now();
    await postTraceData(ui.server.url, trace.traceId, [
      {
        traceId: trace.traceId,
        spanId: late,
        parentSpanId: trace.id.root,
        displayName: 'late',
        startTime: now - 5,
        endTime: now,
      },
    ]);
    await spanRow(page, late).and(page.locator('[aria-selected="true"]')).waitFor();
    expect(searchParam(page, 'span')).toBe(late);
  });

  it('downloads the trace as JSON, deletes it after a confirmation, and the download imports back', async () => {
    const { page } = ui;
    const trace = await postBigTrace();
    await page.goto(`${ui.server.url}/traces/${trace.traceId}?span=${trace.id.root}`);
    await spanRow(page, trace.id.root).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`trace-${trace.traceId}.json`);
    const text = await readFile((await download.path())!, 'utf8');
    const api = await (await fetch(`${ui.server.url}/api/traces/${trace.traceId}`)).json();
    expect(JSON.parse(text)).toEqual(api);
    expect(text).toContain('\n  "traceId"');

    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect((await fetch(`${ui.server.url}/api/traces/${trace.traceId}`)).status).toBe(200);
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(`${ui.server.url}/`);
    expect((await fetch(`${ui.server.url}/api/traces/${trace.traceId}`)).status).toBe(404);

    const imported = await fetch(`${ui.server.url}/api/traces/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toEqual({
      imported: [{ traceId: trace.traceId, spanCount: FETCHES + DEPTH + 4 }],
    });
    await page.goto(`${ui.server.url}/traces/${trace.traceId}`);
    await spanRow(page, trace.id.parse).and(page.locator('[aria-selected="true"]')).waitFor();
  });

  it('shows the service name and the resource attributes of an OTLP span, and the route beside a generic root name', async () => {
    const { page } = ui;
    const traceId = hexId(16);
    const spanId = hexId(8);
    await postOtlpJson(ui.server.url, [
      { traceId, spanId, displayName: 'GET', startTime: Date.now() - 100, endTime: Date.now() },
    ]);
    await page.goto(`${ui.server.url}/traces/${traceId}`);
    await spanRow(page, spanId).waitFor();
    await page.locator('.trace-service', { hasText: 'otlp-e2e' }).waitFor();
    const resource = page.locator('.span-details section[aria-label="Resource"]');
    await resource.locator('.kv-row', { hasText: 'otlp-e2e' }).waitFor();
    expect(await resource.locator('dt').first().textContent()).toBe('service');
    await screenshot(page, 'trace-tools-resource');

    const routed = hexId(16);
    const rootId = hexId(8);
    await postTraceData(ui.server.url, routed, [
      {
        traceId: routed,
        spanId: rootId,
        displayName: 'GET',
        startTime: Date.now() - 50,
        endTime: Date.now(),
        attributes: { 'http.route': '/items/:id' },
      },
    ]);
    await page.goto(`${ui.server.url}/traces/${routed}`);
    await spanRow(page, rootId).waitFor();
    expect(await page.locator('.trace-header .trace-route').textContent()).toBe('/items/:id');
  });
});
