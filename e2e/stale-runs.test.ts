import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { parseDuration, screenshot, spanRow, traceRow } from './support/page-helpers.js';
import { hexId, postTraceData } from './support/post-spans.js';

// Senders without heartbeats go stale after `staleAfterMs` of silence (docs/api.md "Live truth").
const ui = useLiveUi({ staleAfterMs: 1500 });

interface ApiSpan {
  startTime: number;
  stale?: boolean;
  staleReason?: string;
  staleSince?: number;
}

describe('a run that stopped', () => {
  it('freezes a stale span at its last sign of life and says why, in the tree, details, header and list', async () => {
    const { page } = ui;
    const traceId = hexId(16);
    const rootId = hexId(8);
    const childId = hexId(8);
    const start = Date.now() - 2_000;
    await postTraceData(ui.server.url, traceId, [
      { traceId, spanId: rootId, displayName: 'long-job', startTime: start, endTime: 0 },
      {
        traceId,
        spanId: childId,
        parentSpanId: rootId,
        displayName: 'step',
        startTime: start + 10,
        endTime: 0,
      },
    ]);

    await page.goto(`${ui.server.url}/traces/${traceId}`);
    const root = page.locator(`.span-row[data-span-id="${rootId}"][data-state="stale"]`);
    await root.waitFor({ timeout: 15_000 });
    await spanRow(page, childId).and(page.locator('[data-state="stale"]')).waitFor();

    const trace = (await (await fetch(`${ui.server.url}/api/traces/${traceId}`)).json()) as {
      spans: Record<string, ApiSpan>;
    };
    const apiRoot = trace.spans[rootId]!;
    expect(apiRoot.stale).toBe(true);
    const reason = apiRoot.staleReason;
    expect(reason).toBeTruthy();
    const since = apiRoot.staleSince!;
    expect(since).toBeGreaterThan(0);

    // Frozen at staleSince - startTime (shown to 0.1 s), not ticking.
    const rowDuration = (await root.locator('.span-duration-cell').textContent()) ?? '';
    expect(rowDuration).not.toMatch(/…$/);
    expect(Math.abs(parseDuration(rowDuration) - (since - start))).toBeLessThan(100);
    expect(await root.getAttribute('title')).toContain(`stopped: ${reason}`);
    expect(await root.locator('.span-stopped').textContent()).toBe('stopped');

    // One rule: the header shows the same duration as the root row, with the status and reason.
    const header = page.locator('.trace-header');
    expect(await header.locator('.status-badge').getAttribute('data-status')).toBe('stale');
    expect(await header.locator('.trace-duration').textContent()).toBe(rowDuration);
    expect(await header.locator('.trace-stale-note').textContent()).toContain(`Stopped: ${reason}.`);
    expect(await header.locator('.fact-stale').textContent()).toBe('2 stopped');
    expect(await header.locator('.fact-running').count()).toBe(0);

    // The details of the (preselected) root say why and when.
    const details = page.locator('.span-details');
    expect(await details.locator('.stale-note').textContent()).toContain(
      `Stopped: ${reason}. Last sign of life`,
    );
    expect(await details.locator('.details-duration').textContent()).toBe(rowDuration);
    await screenshot(page, 'stale-trace');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'stale-trace-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The list: stale with its reason, no "running" count, the stopped spans counted apart.
    await page.goto(ui.server.url);
    const listRow = traceRow(page, traceId);
    await listRow.waitFor();
    expect(await listRow.getAttribute('data-status')).toBe('stale');
    expect(await listRow.locator('.stale-reason').textContent()).toBe(`stopped: ${reason}`);
    expect(await listRow.locator('.running-count').count()).toBe(0);
    expect(await listRow.locator('.stopped-count').textContent()).toBe(' (2 stopped)');
    expect(await listRow.locator('.trace-row-duration').textContent()).toBe(rowDuration);
    await screenshot(page, 'stale-trace-list');
  });
});
