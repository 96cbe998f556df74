/**
 * Dev UI rendering benchmark, in real Chromium against a real server:
 * - time from navigation to the last visible row painted, for a 10,000-span trace (target < 1 s);
 * - frame rate while 1,000 spans are running and more stream in (target ≥ 50 fps);
 * - frame rate while scrolling the 10,000-span trace.
 * Run: `npx tsx bench/ui/render.ts` after `npm run build`.
 */
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

    const renderMs = median(renderTimes);
    const lines = [
      `| measure | result | target |`,
      `| --- | --- | --- |`,
      `| 10,000-span trace: navigation → last visible row painted (median of ${ROUNDS}) | ${renderMs.toFixed(0)} ms (runs: ${renderTimes.map((t) => t.toFixed(0)).join(', ')}) | < 1000 ms → ${(renderMs / 1000).toFixed(2)}× of budget |`,
      `| 1,000 running spans, ${streamed} more streamed in during the window: frame rate over ${FPS_WINDOW_MS / 1000} s | ${runningFps.toFixed(1)} fps | ≥ 50 fps → ${(runningFps / 50).toFixed(2)}× |`,
      `| 10,000-span trace, scrolling 40 px every frame: frame rate over ${FPS_WINDOW_MS / 1000} s | ${scrollFps.toFixed(1)} fps | ≥ 50 fps → ${(scrollFps / 50).toFixed(2)}× |`,
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
