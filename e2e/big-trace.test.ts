import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { inPage, spanRow, waitInPage } from './support/page-helpers.js';
import { hexId, postTraceData, type WireSpan } from './support/post-spans.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

/** The row height of the span grid (span-grid.tsx). */
const ROW_HEIGHT = 28;
const TOTAL = 100_000;
const STEPS = 99;
/** The most spans one ingest request may carry. */
const PER_REQUEST = 2_500;

let server: UiServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 820 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** A root, `STEPS` steps under it and leaves under the steps, start times rising in tree order. */
function bigTrace(traceId: string, now: number): { spans: WireSpan[]; last: WireSpan } {
  const root: WireSpan = {
    traceId,
    spanId: hexId(8),
    displayName: 'big-root',
    startTime: now - 600_000,
    endTime: now,
  };
  const spans = [root];
  const perStep = Math.ceil((TOTAL - 1 - STEPS) / STEPS);
  let last = root;
  for (let s = 0; s < STEPS; s++) {
    const start = root.startTime + s * 5_000;
    const step: WireSpan = {
      traceId,
      spanId: hexId(8),
      parentSpanId: root.spanId,
      displayName: `step-${s}`,
      startTime: start,
      endTime: start + 4_000,
    };
    spans.push(step);
    for (let l = 0; l < perStep && spans.length < TOTAL; l++) {
      last = {
        traceId,
        spanId: hexId(8),
        parentSpanId: step.spanId,
        displayName: `leaf-${s}-${l}`,
        startTime: start + l,
        endTime: start + l + 1,
      };
      spans.push(last);
    }
  }
  return { spans, last };
}

const canvasRows = () =>
  page.evaluate(
    inPage(
      `return document.querySelector('.span-grid-canvas').getBoundingClientRect().height / args.rowHeight;`,
      {
        rowHeight: ROW_HEIGHT,
      },
    ),
  );

describe('a 100,000-span trace in Chromium', () => {
  it('shows its first rows, then every span down to the last, and keeps applying live spans', async () => {
    const traceId = hexId(16);
    const { spans, last } = bigTrace(traceId, Date.now());
    // Shuffled across requests, as a real exporter's batches interleave: the root is not first.
    for (let i = spans.length - PER_REQUEST; i > -PER_REQUEST; i -= PER_REQUEST)
      await postTraceData(server.url, traceId, spans.slice(Math.max(0, i), i + PER_REQUEST));

    await page.goto(`${server.url}/traces/${traceId}`);
    const root = spans[0]!;
    await spanRow(page, root.spanId).waitFor();
    await spanRow(page, spans[1]!.spanId).waitFor();

    await waitInPage(
      page,
      `return document.querySelector('.trace-facts')?.textContent.startsWith(args.total + ' spans') || false;`,
      { total: TOTAL },
      120_000,
    );
    // The rows follow the counts once the tree is rebuilt (spaced out by its cost: use-span-tree.ts).
    await expect.poll(canvasRows, { timeout: 30_000 }).toBe(TOTAL);
    await page.evaluate(
      inPage(`const s = document.querySelector('.span-grid-scroll'); s.scrollTop = s.scrollHeight;`, {}),
    );
    await spanRow(page, last.spanId).waitFor();

    const live: WireSpan = {
      traceId,
      spanId: hexId(8),
      parentSpanId: root.spanId,
      displayName: 'arrived-live',
      startTime: Date.now(),
      endTime: 0,
    };
    await postTraceData(server.url, traceId, [live]);
    const liveRow = spanRow(page, live.spanId);
    await liveRow.waitFor();
    expect(await liveRow.getAttribute('data-state')).toBe('running');
    expect(await canvasRows()).toBe(TOTAL + 1);
  }, 300_000);
});
