import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot, traceRow } from './support/page-helpers.js';
import { hexId, postTraceData } from './support/post-spans.js';

// The default limit for senders without heartbeats is long (10 min): silence alone is only a fact.
const ui = useLiveUi();

describe('a running trace whose sender sends no heartbeat', () => {
  it('says how long it has had no update, still running, in the list and the header', async () => {
    const { page } = ui;
    const traceId = hexId(16);
    await postTraceData(ui.server.url, traceId, [
      { traceId, spanId: hexId(8), displayName: 'slow-genkit-step', startTime: Date.now(), endTime: 0 },
    ]);
    await page.goto(ui.server.url);
    const row = traceRow(page, traceId);
    await row.waitFor();
    expect(await row.locator('.silence-note').count()).toBe(0);

    const note = row.locator('.silence-note');
    await note.waitFor({ timeout: 20_000 });
    expect(await note.textContent()).toMatch(/^no update for \d+ s$/);
    expect(await row.getAttribute('data-status')).toBe('running');
    expect(await row.locator('.trace-row-duration').textContent()).toMatch(/…$/);
    await screenshot(page, 'silent-run-list');

    await row.click();
    const silence = page.locator('.trace-header .trace-silence');
    await silence.waitFor();
    expect(await silence.textContent()).toMatch(/^no update for \d+ s$/);
    expect(await page.locator('.trace-header .status-badge').getAttribute('data-status')).toBe('running');
  });
});
