import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot, spanRow } from './support/page-helpers.js';

const ui = useLiveUi();

describe('live connection', () => {
  it('recovers after a server restart on the same port and database, without a reload', async () => {
    const root = ui.app.start('long-job');
    const before = ui.app.start('step-before-restart', root);
    before.end();
    const { traceId } = root.spanContext();
    await ui.page.goto(`${ui.server.url}/traces/${traceId}`);
    await spanRow(ui.page, before.spanContext().spanId).waitFor();
    const indicator = ui.page.locator('.connection');
    await ui.page.locator('.connection[data-connection="live"]').waitFor();
    // Marks this document: a reload would lose it.
    await ui.page.evaluate('window.__sameDocument = true');

    await ui.server.close();
    await ui.page.locator('.connection:not([data-connection="live"])').waitFor();
    expect(['reconnecting', 'offline']).toContain(await indicator.getAttribute('data-connection'));

    ui.server = await ui.server.restart();
    const after = ui.app.start('step-after-restart', root);
    await spanRow(ui.page, after.spanContext().spanId).waitFor({ timeout: 20_000 });
    await ui.page.locator('.connection[data-connection="live"]').waitFor();
    expect(await ui.page.evaluate('window.__sameDocument')).toBe(true);
    // The earlier span is still there (from the database), exactly once.
    expect(await spanRow(ui.page, before.spanContext().spanId).count()).toBe(1);

    after.end();
    root.end();
    await ui.page
      .locator(`.span-row[data-span-id="${root.spanContext().spanId}"][data-state="ok"]`)
      .waitFor();
    await screenshot(ui.page, 'trace-after-restart');
  });
});
