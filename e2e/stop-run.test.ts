import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { type DemoApp, startDemoApp } from './support/demo-app.js';
import { type FlowsServer, startFlowsServer } from './support/flows-server.js';
import { screenshot } from './support/page-helpers.js';
import { hexId, postTraceData } from './support/post-spans.js';

let browser: Browser;
let server: FlowsServer;
let app: DemoApp;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startFlowsServer();
  app = await startDemoApp({ projectRoot: server.projectRoot, serverUrl: server.url, speed: 1 });
});

afterAll(async () => {
  await app?.stop();
  await browser?.close();
  await server?.dispose();
});

async function newPage(): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 800 } });
}

function rowNamed(page: Page, name: string, state?: string) {
  const selector = state ? `.span-row[data-state="${state}"]` : '.span-row';
  return page.locator(selector, { has: page.locator('.span-name', { hasText: new RegExp(`^${name}$`) }) });
}

describe('Stop on a running trace', () => {
  it('cancels a flow started from the Flows tab: its running spans end as cancelled', async () => {
    const page = await newPage();
    try {
      await page.goto(`${server.url}/flows?flow=long_running_flow`);
      const runner = page.locator('.flow-runner[data-flow="long_running_flow"]');
      await runner.waitFor({ timeout: 15_000 });
      await runner.locator('textarea.flow-input').fill('{"seconds": 300}');
      await runner.locator('.run-button').click();
      await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);
      await rowNamed(page, 'slow_task', 'running').waitFor();
      const stop = page.locator('.trace-header .stop-button');
      expect(await stop.textContent()).toBe('Stop');
      await screenshot(page, 'stop-running');

      await stop.click();
      await page.locator('.trace-header .status-badge[data-status="error"]').waitFor();
      expect(await rowNamed(page, 'slow_task').getAttribute('data-state')).toBe('error');
      expect(await rowNamed(page, 'long_running_flow').getAttribute('data-state')).toBe('error');
      expect(await page.locator('.trace-header .stop-button').count()).toBe(0);
      await rowNamed(page, 'slow_task').click();
      expect(await page.locator('.span-details .error-message').textContent()).toContain(
        'Flow "long_running_flow" was cancelled',
      );
      await screenshot(page, 'stop-cancelled');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('says why when the app does not run the trace', async () => {
    const traceId = hexId(16);
    const now = Date.now();
    await postTraceData(server.url, traceId, [
      { traceId, spanId: hexId(8), displayName: 'elsewhere', startTime: now, endTime: 0 },
    ]);
    const page = await newPage();
    try {
      await page.goto(`${server.url}/traces/${traceId}`);
      await page.locator('.trace-header .stop-button').click();
      const error = page.locator('.trace-header .stop-error');
      await error.waitFor();
      expect(await error.textContent()).toContain(`the app is not running trace ${traceId}`);
      expect(await page.locator('.trace-header .stop-button').isEnabled()).toBe(true);
    } finally {
      await page.close();
    }
  }, 30_000);
});
