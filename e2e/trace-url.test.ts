import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot, spanRow } from './support/page-helpers.js';
import { hexId, postTraceData } from './support/post-spans.js';

const ui = useLiveUi();

describe('trace URLs', () => {
  it('says a malformed trace id is not a trace, opens no stream for it, and stays Live', async () => {
    const { page } = ui;
    const streams: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/traces\/[^/]+\/stream/.test(request.url())) streams.push(request.url());
    });

    await page.goto(`${ui.server.url}/traces/not-a-trace`);
    const problem = page.locator('.trace-id-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain(
      '"not-a-trace" is not a trace id. A trace id has 32 hex digits',
    );
    await page.locator('.connection[data-connection="live"]').waitFor();
    await screenshot(page, 'trace-url-malformed');

    await page.goto(`${ui.server.url}/traces/b7ad6b7169203331`);
    await problem.waitFor();
    expect(await problem.textContent()).toContain('looks like a span id (16 hex digits)');
    await page.locator('.connection[data-connection="live"]').waitFor();
    expect(await page.locator('.trace-message', { hasText: 'Loading trace' }).count()).toBe(0);
    expect(streams).toEqual([]);
  });

  it('says a trace has not arrived after a few seconds, what to check, and shows it when it comes', async () => {
    const { page } = ui;
    const traceId = hexId(16);
    await page.goto(`${ui.server.url}/traces/${traceId}`);
    await page.locator('[data-waiting="pending"]').waitFor();
    const overdue = page.locator('[data-waiting="overdue"]');
    await overdue.waitFor({ timeout: 15_000 });
    const text = (await overdue.textContent()) ?? '';
    expect(text).toContain('has not reached this server yet');
    expect(text).toContain(`GENKIT_TELEMETRY_SERVER=${ui.server.url}`);
    expect(text).toContain('livespan start');
    expect(await page.locator('.connection').getAttribute('data-connection')).toBe('live');
    await screenshot(page, 'trace-not-arrived');

    const spanId = hexId(8);
    await postTraceData(ui.server.url, traceId, [
      { traceId, spanId, displayName: 'late-arrival', startTime: Date.now() - 50, endTime: Date.now() },
    ]);
    await spanRow(page, spanId).waitFor();
    expect(await overdue.count()).toBe(0);
  });
});
