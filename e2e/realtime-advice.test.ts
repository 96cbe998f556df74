import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot } from './support/page-helpers.js';
import { hexId, postOtlpJson } from './support/post-spans.js';

const ui = useLiveUi();

describe('the realtime notice', () => {
  it('is absent for a realtime app whose spans all ended within one flush', async () => {
    const { page, app } = ui;
    // Started and ended in the same tick: the realtime processor sends them ended, as in the issue.
    const root = app.start('check_realtime_status');
    app.start('lookup', root).end();
    root.end();
    await app.flush();
    const { traceId, spanId } = root.spanContext();
    await page.goto(`${ui.server.url}/traces/${traceId}`);
    await page.locator(`.span-row[data-span-id="${spanId}"][data-state="ok"]`).waitFor();
    await page.locator('.connection[data-connection="live"]').waitFor();
    expect(await page.locator('.realtime-notice').count()).toBe(0);
  });

  it('tells an OTLP sender about RealtimeSpanProcessor for a long trace, not a Genkit variable', async () => {
    const { page } = ui;
    const traceId = hexId(16);
    const rootId = hexId(8);
    const end = Date.now();
    await postOtlpJson(ui.server.url, [
      { traceId, spanId: rootId, displayName: 'otlp-request', startTime: end - 2_500, endTime: end },
      {
        traceId,
        spanId: hexId(8),
        parentSpanId: rootId,
        displayName: 'db-query',
        startTime: end - 2_000,
        endTime: end - 500,
      },
    ]);
    await page.goto(`${ui.server.url}/traces/${traceId}`);
    const notice = page.locator('.realtime-notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-advice')).toBe('otlp');
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain('OTLP exporters send each span when it ends');
    expect(text).toContain('RealtimeSpanProcessor');
    expect(text).not.toContain('GENKIT_ENABLE_REALTIME_TELEMETRY');
    await screenshot(page, 'realtime-notice-otlp');
  });
});
