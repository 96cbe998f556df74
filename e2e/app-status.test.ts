import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from '../packages/cli/src/test-support/cli-process.js';
import { launchBrowser } from './support/browser.js';
import { screenshot } from './support/page-helpers.js';
import { assertUiBuilt } from './support/ui-server.js';

/** An app that fails at start-up, as one without its API key does; its stderr holds markup. */
const CRASHING_APP = `
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
  it('is shown as exited with its code, time and stderr in the Flows tab and the trace list', async () => {
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

      await page.goto(url!);
      await page.locator('.app-status[data-app-state="exited"] .app-status-stderr').waitFor();
      await screenshot(page, 'traces-app-exited');
    } finally {
      await page.close();
    }
  });
});
