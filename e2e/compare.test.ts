import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { parseDuration, screenshot, traceRow, waitForDurationAbove } from './support/page-helpers.js';

const ui = useLiveUi();

const pick = (traceId: string) =>
  ui.page.locator(`.trace-item:has(.trace-row[data-trace-id="${traceId}"]) .trace-pick`);
const row = (key: string) => ui.page.locator(`.compare-row[data-key="${key}"]`);
const cells = async (key: string) =>
  (await row(key).locator('> span').allTextContents()).map((t) => t.trim());

describe('compare two runs', () => {
  it('picks two traces in the list and shows them side by side, matched by span path, live', async () => {
    const { app, page } = ui;
    const t0 = Date.now() - 10_000;
    // Run A: retrieve 200 ms, rerank, generate 1 s.
    const a = app.start('rag-flow', undefined, { startTime: t0 });
    app.start('retrieve', a, { startTime: t0 + 10 }).end(t0 + 210);
    app.start('rerank', a, { startTime: t0 + 220 }).end(t0 + 260);
    app.start('generate', a, { startTime: t0 + 300 }).end(t0 + 1300);
    a.end(t0 + 1400);
    // Run B: retrieve 300 ms with a cache miss, no rerank, generate still running.
    const t1 = t0 + 5000;
    const b = app.start('rag-flow', undefined, { startTime: t1 });
    const retrieve = app.start('retrieve', b, { startTime: t1 + 10 });
    app.start('cache miss', retrieve, { startTime: t1 + 20 }).end(t1 + 250);
    retrieve.end(t1 + 310);
    const generate = app.start('generate', b, { startTime: t1 + 320 });
    const [aId, bId] = [a, b].map((span) => span.spanContext().traceId) as [string, string];

    await page.goto(ui.server.url);
    await traceRow(page, bId).waitFor();
    await traceRow(page, aId).waitFor();
    const compare = page.getByRole('button', { name: /^Compare/ });
    expect(await compare.isDisabled()).toBe(true);
    await pick(bId).check();
    await pick(aId).check();
    await screenshot(page, 'list-compare-picked');
    await compare.click();
    // The earlier run is A, whichever was picked first.
    await page.waitForURL(`**/compare?a=${aId}&b=${bId}`);

    await row('/rag-flow/generate').waitFor();
    expect(await cells('/rag-flow/retrieve')).toEqual(['retrieve', '200 ms', '300 ms', '+100 ms (+50%)']);
    expect(await row('/rag-flow/rerank').getAttribute('data-only')).toBe('a');
    expect(await cells('/rag-flow/rerank')).toEqual(['rerankonly in A', '40 ms', '—', '']);
    expect(await row('/rag-flow/retrieve/cache miss').getAttribute('data-only')).toBe('b');
    const keys = await page
      .locator('.compare-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(keys).toEqual([
      '/rag-flow',
      '/rag-flow/retrieve',
      '/rag-flow/retrieve/cache miss',
      '/rag-flow/rerank',
      '/rag-flow/generate',
    ]);
    expect(await page.locator('.compare-summary').textContent()).toContain(
      '3 matched, 1 only in A, 1 only in B',
    );
    expect(await page.locator('[data-total="A"]').textContent()).toBe('1.4 s');

    // B's generate is running: its duration ticks, and so does its difference.
    const selector = '.compare-row[data-key="/rag-flow/generate"] > span:nth-child(3)';
    const before = parseDuration((await page.locator(selector).textContent()) ?? '');
    await waitForDurationAbove(page, selector, before + 300);
    await screenshot(page, 'compare-1400');
    await page.setViewportSize({ width: 800, height: 700 });
    await screenshot(page, 'compare-800');
    await page.setViewportSize({ width: 1400, height: 820 });

    // Each duration links to its span in its trace.
    const retrieveId = retrieve.spanContext().spanId;
    await row('/rag-flow/retrieve').locator('> span:nth-child(3) a').click();
    await page.waitForURL(`**/traces/${bId}?span=${retrieveId}`);
    await page.goBack();
    await row('/rag-flow/generate').waitFor();

    generate.end();
    b.end();
    await page.locator(`${selector}[data-state="ok"]`).waitFor();
    expect(await page.locator(selector).textContent()).not.toContain('…');
  });

  it('says what is missing when the link names fewer than two traces', async () => {
    await ui.page.goto(`${ui.server.url}/compare?a=0af7651916cd43dd8448eb211c80319c`);
    const problem = ui.page.locator('.compare-problem');
    await problem.waitFor();
    expect(await problem.textContent()).toContain('Pick two traces in the list');
  });
});
