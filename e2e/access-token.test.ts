import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type LivespanServer } from '@livespan/server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { screenshot, traceRow } from './support/page-helpers.js';
import { hexId } from './support/post-spans.js';
import { assertUiBuilt, UI_DIST } from './support/ui-server.js';

const TOKEN = 'team-token-0123456789abcdef';

let browser: Browser;
let server: LivespanServer;
let url: string;
let dir: string;

beforeAll(async () => {
  assertUiBuilt();
  dir = await mkdtemp(path.join(tmpdir(), 'livespan-e2e-token-'));
  server = createServer({ dbPath: path.join(dir, 'traces.db'), uiDir: UI_DIST, token: TOKEN });
  ({ url } = await server.listen({ port: 0 }));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function postTrace(name: string): Promise<string> {
  const traceId = hexId(16);
  const spanId = hexId(8);
  const now = Date.now();
  const response = await fetch(`${url}/api/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      traceId,
      spans: {
        [spanId]: {
          spanId,
          traceId,
          displayName: name,
          startTime: now - 1000,
          endTime: now,
          attributes: {},
          spanKind: 'INTERNAL',
          instrumentationLibrary: { name: 'livespan-e2e' },
          status: { code: 0 },
        },
      },
    }),
  });
  expect(response.status).toBe(200);
  return traceId;
}

describe('Dev UI on a server with an access token', () => {
  it('asks for the token once, then shows the traces and keeps them after a reload', async () => {
    const traceId = await postTrace('behind-the-token');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);

    const prompt = page.locator('.token-prompt');
    await prompt.waitFor();
    expect(await page.locator('.trace-row').count()).toBe(0);
    await screenshot(page, 'token-prompt');

    await prompt.getByLabel('Access token').fill('not-the-token-0123456789');
    await prompt.getByRole('button', { name: 'Continue' }).click();
    expect(await prompt.getByRole('alert').textContent()).toContain('not the one this server requires');
    expect(await context.cookies()).toEqual([]);

    await prompt.getByLabel('Access token').fill(TOKEN);
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await traceRow(page, traceId).waitFor();
    expect(await page.locator('.token-prompt').count()).toBe(0);

    const [cookie, ...others] = await context.cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ name: 'livespan_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie!.value).not.toContain(TOKEN);
    expect(await page.evaluate('document.cookie')).toBe('');

    // Live updates reach the page through the cookie too: the stream is authorized.
    const later = await postTrace('arrives-live');
    await traceRow(page, later).waitFor();

    await page.reload();
    await traceRow(page, traceId).waitFor();
    expect(await page.locator('.token-prompt').count()).toBe(0);
    await context.close();
  });

  it('signs out: the cookie is gone and the token is asked for again', async () => {
    const traceId = await postTrace('before-sign-out');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    const prompt = page.locator('.token-prompt');
    await prompt.getByLabel('Access token').fill(TOKEN);
    await prompt.getByRole('button', { name: 'Continue' }).click();
    await traceRow(page, traceId).waitFor();
    await screenshot(page, 'signed-in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await prompt.waitFor();
    expect(await context.cookies()).toEqual([]);
    expect(await page.locator('.trace-row').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await context.close();
  });
});
