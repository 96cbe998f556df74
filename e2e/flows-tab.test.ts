import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { type DemoApp, startDemoApp } from './support/demo-app.js';
import { type FlowsServer, startFlowsServer } from './support/flows-server.js';
import { screenshot } from './support/page-helpers.js';

let browser: Browser;
let server: FlowsServer;
let app: DemoApp | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startFlowsServer();
});

afterAll(async () => {
  await app?.stop();
  await browser?.close();
  await server?.dispose();
});

async function newPage(): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 800 } });
}

/** The tree row of the span named `name` (names are unique in the demo's flows). */
function rowNamed(page: Page, name: string, state?: string) {
  const selector = state ? `.span-row[data-state="${state}"]` : '.span-row';
  return page.locator(selector, { has: page.locator('.span-name', { hasText: new RegExp(`^${name}$`) }) });
}

/** Counts the run requests the page sends, to prove that a refused input sends none. */
function countRunRequests(page: Page): () => number {
  let count = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && /\/api\/flows\/[^/]+\/run$/.test(request.url())) count++;
  });
  return () => count;
}

describe('Flows tab without an app', () => {
  it('explains how to connect one, retries on demand and re-checks by itself', async () => {
    const empty = await startFlowsServer(); // its project root has no .genkit/runtimes
    const page = await newPage();
    try {
      await page.goto(`${empty.url}/flows`);
      const panel = page.locator('.no-app');
      await panel.waitFor();
      const text = (await panel.textContent()) ?? '';
      expect(text).toContain('No app connected');
      expect(text).toContain('livespan start -- ');
      expect(text).toContain('./run.sh');
      // The guidance for apps run by hand says what the server actually finds.
      expect(text).toContain(`GENKIT_TELEMETRY_SERVER=${empty.url}`);
      expect(text).toContain('from the folder where livespan server runs');
      expect(await page.locator('.flow-item').count()).toBe(0);
      await screenshot(page, 'flows-no-app');

      const retried = page.waitForRequest((request) => request.url().endsWith('/api/flows'));
      await page.locator('.retry-button').click();
      await retried;
      // Nobody clicks now: the tab asks again on its own, for apps restarting on hot reload.
      await page.waitForRequest((request) => request.url().endsWith('/api/flows'), { timeout: 10_000 });
      await panel.waitFor();
    } finally {
      await page.close();
      await empty.dispose();
    }
  });
});

describe('Flows tab with the demo app', () => {
  it('shows the app once it starts, prefills defaults, refuses bad input, runs a flow and opens it live', async () => {
    const page = await newPage();
    const runRequests = countRunRequests(page);
    try {
      // Open the tab before the app runs: it must appear without a reload.
      await page.goto(`${server.url}/flows`);
      await page.locator('.no-app').waitFor();
      app = await startDemoApp({ projectRoot: server.projectRoot, serverUrl: server.url, speed: 1 });
      const item = page.locator('.flow-item[data-flow="multi_step_flow"]');
      await item.waitFor({ timeout: 15_000 });
      expect(await page.locator('.flow-item').count()).toBeGreaterThan(1);
      expect(await item.textContent()).toContain('research');
      // Which app is connected: its name, pid and start time.
      const identity = page.locator('.flows-app-identity');
      await identity.waitFor();
      expect(await identity.textContent()).toMatch(
        new RegExp(` · \\S.* · pid ${app.child.pid} · started \\d\\d:\\d\\d:\\d\\d$`),
      );

      await item.click();
      expect(await item.getAttribute('aria-current')).toBe('true');
      const runner = page.locator('.flow-runner[data-flow="multi_step_flow"]');
      await runner.waitFor();
      const editor = runner.locator('textarea.flow-input');
      expect(JSON.parse(await editor.inputValue())).toEqual({ topic: 'realtime tracing' });
      // The flow declares a stream schema, so its runs stream here by default (e2e/streamed-output.test.ts);
      // this test runs it the other way, opening its live trace.
      const streamToggle = runner.locator('.flow-stream-toggle input');
      expect(await streamToggle.isChecked()).toBe(true);
      await streamToggle.uncheck();
      expect(await runner.locator('.input-field[data-field="topic"]').textContent()).toContain(
        '"realtime tracing"',
      );
      await screenshot(page, 'flows-tab');
      await page.emulateMedia({ colorScheme: 'dark' });
      await screenshot(page, 'flows-tab-dark');
      await page.emulateMedia({ colorScheme: 'light' });

      // Invalid JSON: an inline error with the place, and no request.
      await editor.fill('{\n  "topic": "x",\n}');
      await runner.locator('.run-button').click();
      const error = runner.locator('.flow-run-error');
      expect(await error.getAttribute('data-kind')).toBe('json');
      expect(await error.textContent()).toMatch(/^Invalid JSON at line 3/);
      expect(await editor.getAttribute('aria-invalid')).toBe('true');
      expect(runRequests()).toBe(0);
      await screenshot(page, 'flows-invalid-json');
      await editor.fill('{"topic": "x"}'); // fixing the text clears its error as you type
      await error.waitFor({ state: 'detached' });

      // Input the flow's schema refuses: the app's validation message beside the editor.
      await editor.fill('{"topic": ""}');
      await runner.locator('.run-button').click();
      await runner.locator('.flow-run-error[data-kind="rejected"]').waitFor();
      expect(await error.textContent()).toContain('topic');
      expect(runRequests()).toBe(1);
      expect(new URL(page.url()).pathname).toBe('/flows');
      await screenshot(page, 'flows-rejected-input');

      // Back to the defaults, and run: the live trace opens while the flow runs.
      await runner.locator('.flow-reset').click();
      expect(JSON.parse(await editor.inputValue())).toEqual({ topic: 'realtime tracing' });
      await runner.locator('.run-button').click();
      await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
      const traceId = new URL(page.url()).pathname.split('/').at(-1);

      await rowNamed(page, 'research', 'running').waitFor();
      // Seen running while the flow is still going: the root and its run have not ended.
      expect(await rowNamed(page, 'multi_step_flow').getAttribute('data-state')).toBe('running');
      expect(await page.locator('.trace-header .status-badge').getAttribute('data-status')).toBe('running');
      await screenshot(page, 'flows-run-live');

      await rowNamed(page, 'analysis').waitFor();
      expect(await rowNamed(page, 'research').getAttribute('data-state')).toBe('ok');
      await page.locator('.trace-header .status-badge[data-status="error"]').waitFor({ timeout: 15_000 });
      expect(await rowNamed(page, 'analysis').getAttribute('data-state')).toBe('ok');
      expect(await rowNamed(page, 'multi_step_flow').getAttribute('data-state')).toBe('error');

      // Without a key the model step fails, and says why; the root shows it in its details.
      await rowNamed(page, 'multi_step_flow').click();
      const details = page.locator('.span-details .error-message');
      expect(await details.textContent()).toContain('GEMINI_API_KEY');
      await screenshot(page, 'flows-run-error');

      // Back returns to the flow, with the URL naming it.
      await page.goBack();
      await page.locator('.flow-runner[data-flow="multi_step_flow"]').waitFor();
      expect(new URL(page.url()).searchParams.get('flow')).toBe('multi_step_flow');
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);

      // Run again: the finished run's input is put back in the editor, and survives a reload.
      await page.goto(`${server.url}/traces/${traceId}`);
      await page.locator('.run-again-button').click();
      await page.locator('.flow-runner[data-flow="multi_step_flow"]').waitFor();
      expect(JSON.parse(await editor.inputValue())).toEqual({ topic: 'realtime tracing' });
      await editor.fill('{"topic": "octopuses"}');
      await page.reload();
      await page.locator('.flow-runner[data-flow="multi_step_flow"]').waitFor();
      expect(JSON.parse(await editor.inputValue())).toEqual({ topic: 'octopuses' });

      // A flow the app does not have says so, instead of quietly showing another.
      await page.goto(`${server.url}/flows?flow=does_not_exist`);
      expect(await page.locator('.flows-unknown').textContent()).toContain('no flow named “does_not_exist”');

      // The app goes away (as during a hot-reload restart): the tab notices by itself.
      await app?.stop();
      await page.locator('.no-app').waitFor({ timeout: 15_000 });
    } finally {
      await page.close();
    }
  }, 90_000);
});
