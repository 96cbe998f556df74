/**
 * Dev UI rendering benchmark, in real Chromium against a real server:
 * - time from navigation to the last visible row painted, for a 10,000-span trace (target < 1 s);
 * - frame rate while 1,000 spans are running and more stream in (target ≥ 50 fps);
 * - frame rate while scrolling the 10,000-span trace;
 * - a 100,000-span trace against the 10,000-span one in the same run: time to
 *   its first rows (target < 1 s and ≤ 2× the 10k time), to all its spans,
 *   frame rate while scrolling and while 10% of its spans run, JS heap (< 200 MB).
 * Run: `npx tsx bench/ui/render.ts` after `npm run build`.
 */
import type { SpanData } from '@livespan/tracing/wire';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../e2e/support/browser.js';
import { inPage, waitInPage } from '../../e2e/support/page-helpers.js';
import { startUiServer } from '../../e2e/support/ui-server.js';
import { updateResults } from '../support/bench-utils.js';
import { postSpans, runningTrace, wideTrace } from './trace-fixtures.js';

const ROUNDS = 3;
const FPS_WINDOW_MS = 5000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** ms from navigation start until `expectedSpans` are in and the viewport's rows are painted. */
async function timeToRender(page: Page, url: string, expectedSpans: number): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const paintedAt = await waitInPage(
    page,
    `const facts = document.querySelector('.trace-facts')?.textContent ?? '';
     if (!facts.startsWith(args.expected + ' spans')) return false;
     const scroller = document.querySelector('.span-grid-scroll');
     const rows = document.querySelectorAll('.span-row');
     if (!scroller || rows.length * 28 < scroller.clientHeight) return false;
     // After the next frame is painted.
     return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));`,
    { expected: expectedSpans },
    30_000,
  );
  return paintedAt as number;
}

/** ms from navigation start until the viewport is full of painted rows, and until all `expected` spans are in. */
async function timeToFirstRows(
  page: Page,
  url: string,
  expected: number,
): Promise<{ firstRows: number; allSpans: number }> {
  await page.goto(url, { waitUntil: 'commit' });
  const firstRows = (await waitInPage(
    page,
    `const scroller = document.querySelector('.span-grid-scroll');
     const rows = document.querySelectorAll('.span-row');
     if (!scroller || rows.length * 28 < scroller.clientHeight) return false;
     return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));`,
    {},
    60_000,
  )) as number;
  const allSpans = (await waitInPage(
    page,
    `const facts = document.querySelector('.trace-facts')?.textContent ?? '';
     if (!facts.startsWith(args.expected + ' spans') || document.querySelector('.trace-loading')) return false;
     return performance.now();`,
    { expected },
    120_000,
  )) as number;
  return { firstRows, allSpans };
}

/** MB of JS heap in use after a full garbage collection. */
async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1e6;
}

/** Keeps `root`'s trace streaming for `ms`: a few running spans start every 50 ms (bounded); returns how many. */
async function streamRunning(serverUrl: string, root: SpanData, ms: number): Promise<number> {
  let streamed = 0;
  const deadline = Date.now() + ms;
  for (let i = 0; i < 100 && Date.now() < deadline; i++) {
    const more = runningTrace(6, Date.now())
      .slice(1)
      .map((s) => ({ ...s, traceId: root.traceId, parentSpanId: root.spanId }));
    await postSpans(serverUrl, more);
    streamed += more.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return streamed;
}

/** Counts animation frames over `ms`; `scroll` scrolls the span grid a little every frame. */
async function measureFps(page: Page, ms: number, scroll: boolean): Promise<number> {
  const fps = await page.evaluate(
    inPage(
      `const scroller = document.querySelector('.span-grid-scroll');
       return new Promise((resolve) => {
         let frames = 0;
         const t0 = performance.now();
         const frame = (t) => {
           frames++;
           if (args.scroll && scroller) scroller.scrollTop = (scroller.scrollTop + 40) % (scroller.scrollHeight - scroller.clientHeight);
           if (t - t0 < args.ms) requestAnimationFrame(frame);
           else resolve((frames * 1000) / (t - t0));
         };
         requestAnimationFrame(frame);
       });`,
      { ms, scroll },
    ),
  );
  return fps as number;
}

async function main(): Promise<void> {
  const server = await startUiServer();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    const big = wideTrace(10_000, 99, Date.now());
    await postSpans(server.url, big);
    const bigUrl = `${server.url}/traces/${big[0]!.traceId}`;
    const renderTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++)
      renderTimes.push(await timeToRender(page, bigUrl, big.length));
    const scrollFps = await measureFps(page, FPS_WINDOW_MS, true);

    const running = runningTrace(1000, Date.now());
    await postSpans(server.url, running);
    await timeToRender(page, `${server.url}/traces/${running[0]!.traceId}`, running.length);
    // While measuring, keep the trace streaming: a few running spans start every 50 ms (bounded).
    let streamed = 0;
    const root = running[0]!;
    const streaming = (async () => {
      const deadline = Date.now() + FPS_WINDOW_MS;
      for (let i = 0; i < 100 && Date.now() < deadline; i++) {
        const more = runningTrace(6, Date.now())
          .slice(1)
          .map((s) => ({ ...s, traceId: root.traceId, parentSpanId: root.spanId }));
        await postSpans(server.url, more);
        streamed += more.length;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const runningFps = await measureFps(page, FPS_WINDOW_MS, false);
    await streaming;

    // 100,000 spans against 10,000, alternating, in this same run.
    const huge = wideTrace(100_000, 99, Date.now());
    await postSpans(server.url, huge, 2_500);
    const hugeUrl = `${server.url}/traces/${huge[0]!.traceId}`;
    const first10k: number[] = [];
    const first100k: number[] = [];
    const all100k: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      first10k.push((await timeToFirstRows(page, bigUrl, big.length)).firstRows);
      const times = await timeToFirstRows(page, hugeUrl, huge.length);
      first100k.push(times.firstRows);
      all100k.push(times.allSpans);
    }
    const hugeHeap = await heapMb(page);
    const hugeScrollFps = await measureFps(page, FPS_WINDOW_MS, true);

    const hugeRunning = wideTrace(100_000, 99, Date.now(), 0.1);
    await postSpans(server.url, hugeRunning, 2_500);
    await timeToFirstRows(page, `${server.url}/traces/${hugeRunning[0]!.traceId}`, hugeRunning.length);
    const streamingHuge = streamRunning(server.url, hugeRunning[0]!, 2 * FPS_WINDOW_MS);
    const hugeRunningFps = await measureFps(page, FPS_WINDOW_MS, false);
    const hugeRunningScrollFps = await measureFps(page, FPS_WINDOW_MS, true);
    const hugeStreamed = await streamingHuge;
    const hugeRunningHeap = await heapMb(page);

    const renderMs = median(renderTimes);
    const [f10k, f100k] = [median(first10k), median(first100k)];
    const runs = (values: number[]) => values.map((t) => t.toFixed(0)).join(', ');
    const lines = [
      `| measure | result | target |`,
      `| --- | --- | --- |`,
      `| 10,000-span trace: navigation → last visible row painted (median of ${ROUNDS}) | ${renderMs.toFixed(0)} ms (runs: ${renderTimes.map((t) => t.toFixed(0)).join(', ')}) | < 1000 ms → ${(renderMs / 1000).toFixed(2)}× of budget |`,
      `| 1,000 running spans, ${streamed} more streamed in during the window: frame rate over ${FPS_WINDOW_MS / 1000} s | ${runningFps.toFixed(1)} fps | ≥ 50 fps → ${(runningFps / 50).toFixed(2)}× |`,
      `| 10,000-span trace, scrolling 40 px every frame: frame rate over ${FPS_WINDOW_MS / 1000} s | ${scrollFps.toFixed(1)} fps | ≥ 50 fps → ${(scrollFps / 50).toFixed(2)}× |`,
      `| 10,000-span trace: navigation → first rows filling the viewport painted (median of ${ROUNDS}) | ${f10k.toFixed(0)} ms (runs: ${runs(first10k)}) | baseline of the next row |`,
      `| 100,000-span trace: navigation → first rows filling the viewport painted (median of ${ROUNDS}) | ${f100k.toFixed(0)} ms (runs: ${runs(first100k)}) | < 1000 ms → ${(f100k / 1000).toFixed(2)}× of budget; ≤ 2× the 10k time → ${(f100k / f10k).toFixed(2)}× |`,
      `| 100,000-span trace: navigation → all spans in (median of ${ROUNDS}) | ${median(all100k).toFixed(0)} ms (runs: ${runs(all100k)}) | loaded behind the first rows |`,
      `| 100,000-span trace, scrolling 40 px every frame: frame rate over ${FPS_WINDOW_MS / 1000} s | ${hugeScrollFps.toFixed(1)} fps | ≥ 50 fps → ${(hugeScrollFps / 50).toFixed(2)}× |`,
      `| 100,000-span trace, 10,000 spans running, ${hugeStreamed} more streamed in: frame rate over ${FPS_WINDOW_MS / 1000} s | ${hugeRunningFps.toFixed(1)} fps | ≥ 50 fps → ${(hugeRunningFps / 50).toFixed(2)}× |`,
      `| the same, scrolling 40 px every frame | ${hugeRunningScrollFps.toFixed(1)} fps | ≥ 50 fps → ${(hugeRunningScrollFps / 50).toFixed(2)}× |`,
      `| JS heap after a full GC, 100,000-span trace open (completed / 10% running) | ${hugeHeap.toFixed(0)} MB / ${hugeRunningHeap.toFixed(0)} MB | < 200 MB → ${(Math.max(hugeHeap, hugeRunningHeap) / 200).toFixed(2)}× of budget |`,
    ];
    const body = `Headless Chromium (${browser.version()}, software rendering), viewport 1400×900, server and browser on the same machine.\n\n${lines.join('\n')}`;
    console.log(body);
    await updateResults('ui', body, 'npx tsx bench/ui/render.ts');
  } finally {
    await browser.close();
    await server.dispose();
  }
}

await main();
