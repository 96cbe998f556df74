import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from '../packages/cli/src/test-support/cli-process.js';
import { launchBrowser } from './support/browser.js';
import { screenshot, spanRow, traceRow } from './support/page-helpers.js';
import { hexId } from './support/post-spans.js';
import { assertUiBuilt } from './support/ui-server.js';

const traceId = hexId(16);
const spanId = hexId(8);

/**
 * An app that starts a run (a running span sent to the server livespan gave
 * it) and then crashes, as one without its API key does; its stderr holds markup.
 */
const CRASHING_APP = `
const span = {
  spanId: '${spanId}', traceId: '${traceId}', displayName: 'doomed-run', startTime: Date.now() - 1000, endTime: 0,
  attributes: {}, spanKind: 'INTERNAL', instrumentationLibrary: { name: 'crash-e2e' },
};
await fetch(process.env.GENKIT_TELEMETRY_SERVER + '/api/traces', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ traceId: '${traceId}', spans: { '${spanId}': span } }),
});
process.stderr.write('loading config from .env\\n');
process.stderr.write('Error: <b>GEMINI_API_KEY</b> is not set\\n');
process.exit(1);
`;

let dir: string;
let browser: Browser;
let cli: CliProcess | undefined;

beforeAll(async () => {
  assertUiBuilt();
  dir = await mkdtemp(path.join(tmpdir(), 'livespan-e2e-crash-'));
  await writeFile(path.join(dir, 'app.mjs'), CRASHING_APP);
  browser = await launchBrowser();
});

afterAll(async () => {
  if (cli && cli.child.exitCode === null) {
    cli.child.kill('SIGINT');
    await cli.exited;
  }
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('an app that crashed under livespan start', () => {
  it('is shown as exited with its code, time and stderr in the Flows tab and the trace list, and its run stopped at once', async () => {
    cli = runCli(
      ['start', '--port', '0', '--db', path.join(dir, 'traces.db'), '--', process.execPath, 'app.mjs'],
      { cwd: dir },
    );
    const [, url] = await cli.waitForOutput(/Dev UI: (http:\/\/\S+)/);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(`${url}/flows`);
      const panel = page.locator('.app-status[data-app-state="exited"]');
      await panel.waitFor({ timeout: 15_000 });
      expect(await panel.locator('.app-status-text').textContent()).toMatch(
        /^app exited \(code 1\) at \d\d:\d\d:\d\d$/,
      );
      const stderr = panel.locator('.app-status-stderr');
      expect(await stderr.textContent()).toBe(
        'loading config from .env\nError: <b>GEMINI_API_KEY</b> is not set',
      );
      // Text only: the app's output is never markup.
      expect(await stderr.locator('b').count()).toBe(0);
      expect(await panel.locator('.app-status-command').textContent()).toContain('app.mjs');
      // Not "No app connected": livespan did run an app, and it crashed.
      expect(await page.locator('.no-app').count()).toBe(0);
      await screenshot(page, 'flows-app-exited');

      // Its run stopped when it exited (not after a timeout), saying why.
      await page.goto(url!);
      await page.locator('.app-status[data-app-state="exited"] .app-status-stderr').waitFor();
      const row = traceRow(page, traceId);
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('stale');
      expect(await row.locator('.stale-reason').textContent()).toBe('stopped: app exited with code 1');
      expect(await row.locator('.running-count').count()).toBe(0);
      await screenshot(page, 'traces-app-exited');

      await row.click();
      const span = spanRow(page, spanId);
      await span.and(page.locator('[data-state="stale"]')).waitFor();
      expect(await span.getAttribute('title')).toMatch(
        /^stopped: app exited with code 1 · last sign of life /,
      );
      expect(await span.locator('.span-duration-cell').textContent()).not.toMatch(/…$/);
      expect(await page.locator('.trace-header .trace-stale-note').textContent()).toContain(
        'Stopped: app exited with code 1.',
      );
      await screenshot(page, 'trace-app-exited');
    } finally {
      await page.close();
    }
  });
});
