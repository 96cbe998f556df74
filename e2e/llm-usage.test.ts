/**
 * Tokens, cost and "slower than usual" in Chromium: a real @livespan/flows
 * flow calls the local fake Gemini through the real @google/genai SDK, and
 * the list and trace show its totals growing while it runs; runs posted with
 * a history show the slow flag and the progress estimate.
 */
import { defineFlow, generate } from '@livespan/flows';
import {
  initTracing,
  RealtimeSpanProcessor,
  TelemetryServerSpanExporter,
  type TracingHandle,
} from '@livespan/tracing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeGemini } from '../packages/flows/src/test-support/fake-gemini.js';
import { launchBrowser } from './support/browser.js';
import { screenshot, traceRow } from './support/page-helpers.js';
import { hexId, postTraceData } from './support/post-spans.js';
import { startUiServer, type UiServer } from './support/ui-server.js';

let server: UiServer;
let browser: Browser;
let gemini: Awaited<ReturnType<typeof startFakeGemini>>;
let tracing: TracingHandle;
let page: Page;

beforeAll(async () => {
  // Round prices, so the costs read plainly: 7 input and 2 output tokens cost $0.011.
  server = await startUiServer({
    prices: { 'gemini-2.5-flash': { inputPerMillion: 1_000, outputPerMillion: 2_000 } },
  });
  gemini = await startFakeGemini();
  tracing = initTracing({
    processor: new RealtimeSpanProcessor(new TelemetryServerSpanExporter({ telemetryServerUrl: server.url })),
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await tracing?.shutdown();
  await browser?.close();
  await gemini?.close();
  await server?.dispose();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1500, height: 820 } });
  return () => page.close();
});

/** A flow making two Gemini calls, the second once `between` resolves. */
function twoCallsFlow(between: Promise<void>) {
  return defineFlow({ name: 'two_calls', inputSchema: z.string() }, async (topic) => {
    const options = { apiKey: 'test-key', baseUrl: gemini.baseUrl };
    const first = await generate({ prompt: `about ${topic}`, ...options });
    await between;
    return generate({ prompt: first.text, ...options });
  });
}

describe('tokens and cost in Chromium', () => {
  it('shows the totals of a running flow growing live, in the list and the trace, with the cost', async () => {
    let release!: () => void;
    const between = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.goto(server.url);
    const run = twoCallsFlow(between)('tokens');
    const row = page.locator('.trace-row', { hasText: 'two_calls' });
    await row.locator('.trace-row-tokens', { hasText: '7 / 2' }).waitFor();
    expect(await row.getAttribute('data-status')).toBe('running');
    expect(await row.locator('.trace-row-cost').textContent()).toBe('$0.011');
    await screenshot(page, 'trace-list-tokens');

    await row.click();
    const totals = page.getByTestId('trace-totals');
    await totals.getByText('7 in · 2 out').waitFor();
    expect(await totals.textContent()).toContain('$0.011');
    await screenshot(page, 'trace-totals-running');

    release();
    await run;
    await totals.getByText('14 in · 4 out').waitFor();
    expect(await totals.textContent()).toContain('$0.022');
    await page.locator('.trace-header .status-badge[data-status="ok"]').waitFor();

    // The model span's own usage, in its details.
    await page.locator('.span-row', { hasText: 'googleai/gemini-2.5-flash' }).first().click();
    const usage = page.getByRole('region', { name: 'Usage' });
    expect(await usage.textContent()).toContain('model gemini-2.5-flash-001');
    expect(await usage.textContent()).toContain('cost $0.011');
  });

  it('says the cost is unknown for a model without a price', async () => {
    const traceId = hexId(16);
    const now = Date.now();
    const response = await fetch(`${server.url}/api/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        traceId,
        spans: {
          a: {
            spanId: 'a'.repeat(16),
            traceId,
            displayName: 'own-llm',
            startTime: now - 1_000,
            endTime: now,
            spanKind: 'INTERNAL',
            instrumentationLibrary: { name: 'e2e' },
            attributes: {
              'llm.token_count.prompt': 30,
              'llm.token_count.completion': 5,
              'llm.model_name': 'my-local-llm',
            },
          },
        },
      }),
    });
    expect(response.status).toBe(200);
    await page.goto(`${server.url}/traces/${traceId}`);
    await page.getByTestId('trace-totals').getByText('cost unknown for model my-local-llm').waitFor();
    await page.goto(server.url);
    expect(await traceRow(page, traceId).locator('.trace-row-cost').textContent()).toBe('cost unknown');
  });
});

describe('slower than usual in Chromium', () => {
  it('flags a run past its usual duration, estimates one within it, and says nothing without history', async () => {
    const now = Date.now();
    // Three earlier runs of one minute each: usually 1 m 00 s.
    for (let i = 1; i <= 3; i++) {
      const traceId = hexId(16);
      const startTime = now - i * 3_600_000;
      await postTraceData(server.url, traceId, [
        { traceId, spanId: hexId(8), displayName: 'nightly-report', startTime, endTime: startTime + 60_000 },
      ]);
    }
    const run = (name: string, startTime: number) => {
      const traceId = hexId(16);
      return postTraceData(server.url, traceId, [
        { traceId, spanId: hexId(8), displayName: name, startTime, endTime: 0 },
      ]).then(() => traceId);
    };
    const slow = await run('nightly-report', now - 600_000);
    const onTime = await run('nightly-report', now - 1_000);
    const fresh = await run('first-of-its-kind', now - 600_000);

    await page.goto(server.url);
    await traceRow(page, slow).locator('.slow-badge').waitFor();
    expect(await traceRow(page, slow).locator('.slow-badge').textContent()).toMatch(
      /^running 10\.\d× its usual 1 m 00 s$/,
    );
    expect(await traceRow(page, onTime).locator('.slow-badge').count()).toBe(0);
    expect(await traceRow(page, fresh).locator('.slow-badge').count()).toBe(0);

    await traceRow(page, slow).click();
    await page.locator('.trace-header .slow-badge').waitFor();
    expect(await page.locator('.span-row .slow-badge').textContent()).toMatch(/^10\.\d× usual$/);
    await screenshot(page, 'trace-slower-than-usual');

    await page.goto(`${server.url}/traces/${onTime}`);
    await page.locator('.trace-progress').waitFor();
    expect(await page.locator('.trace-progress').textContent()).toMatch(/^~\d+% · usually 1 m 00 s$/);

    await page.goto(`${server.url}/traces/${fresh}`);
    await page.locator('.trace-header .status-badge[data-status="running"]').waitFor();
    expect(await page.locator('.trace-progress').count()).toBe(0);
    expect(await page.locator('.slow-badge').count()).toBe(0);
  });
});
