import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { parseDuration, screenshot, spanRow, waitForDurationAbove } from './support/page-helpers.js';

const ui = useLiveUi();

describe('while the server is unreachable', () => {
  it('stops running durations at the last known value, and ticks again once it is back', {
    timeout: 90_000,
  }, async () => {
    const { page, app } = ui;
    const root = app.start('long-running-job');
    const { traceId, spanId } = root.spanContext();
    await page.goto(`${ui.server.url}/traces/${traceId}`);
    await spanRow(page, spanId).waitFor();
    await page.locator('.connection[data-connection="live"]').waitFor();
    const cell = `.span-row[data-span-id="${spanId}"] .span-duration-cell`;
    await waitForDurationAbove(page, cell, 0);

    await ui.server.close();
    const duration = page.locator(cell);
    const header = page.locator('.trace-header .trace-duration');
    await page.locator('.span-row .span-duration-cell', { hasText: /^last known / }).waitFor();
    const frozen = (await duration.textContent()) ?? '';
    expect(frozen).toMatch(/^last known \d/);
    expect(await header.textContent()).toMatch(/^last known \d/);
    // Still the same value once the indicator has given up and says "offline" (seconds later).
    await page.locator('.connection[data-connection="offline"]').waitFor({ timeout: 15_000 });
    expect(await duration.textContent()).toBe(frozen);
    await screenshot(page, 'offline-last-known');

    // The list freezes its running durations the same way.
    await page.evaluate(`history.pushState(null, '', '/'); dispatchEvent(new PopStateEvent('popstate'))`);
    const listDuration = page.locator(`.trace-row[data-trace-id="${traceId}"] .trace-row-duration`);
    await listDuration.waitFor();
    expect(await listDuration.textContent()).toMatch(/^last known \d/);

    // Back: the list ticks again, and so does the trace.
    ui.server = await ui.server.restart();
    await page.locator('.connection[data-connection="live"]').waitFor({ timeout: 20_000 });
    const last = parseDuration(frozen.replace('last known ', ''));
    await waitForDurationAbove(page, `.trace-row[data-trace-id="${traceId}"] .trace-row-duration`, last);
    await page.evaluate(`history.back()`);
    await spanRow(page, spanId).waitFor();
    expect(await waitForDurationAbove(page, cell, last)).toBeGreaterThan(last);
    expect(await duration.textContent()).toMatch(/…$/);
    root.end();
  });
});
