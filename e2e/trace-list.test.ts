import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot, traceRow } from './support/page-helpers.js';

const ui = useLiveUi();

async function listedIds(): Promise<Array<string | null>> {
  return ui.page
    .locator('.trace-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trace-id')));
}

describe('trace list', () => {
  it('starts with a guide to sending a first trace, then lists traces live, newest first, with filters', async () => {
    await ui.page.goto(ui.server.url);
    const guide = ui.page.locator('.guide');
    await guide.waitFor();
    const guideText = (await guide.textContent()) ?? '';
    expect(guideText).toContain('initTracing');
    expect(guideText).toContain('RealtimeSpanProcessor');
    expect(guideText).toContain(`${ui.server.url}/v1/traces`);
    await screenshot(ui.page, 'list-empty');

    // Start times a second apart, so "newest first" does not hang on ties.
    const t0 = Date.now();
    const done = ui.app.start('ingest-documents', undefined, { startTime: t0 - 3000 });
    done.end();
    const failed = ui.app.start('answer-question', undefined, { startTime: t0 - 2000 });
    failed.setStatus({ code: 2, message: 'model unavailable' });
    failed.end();
    const running = ui.app.start('index-embeddings', undefined, { startTime: t0 - 1000 });
    const ids = [running, failed, done].map((span) => span.spanContext().traceId);

    await traceRow(ui.page, ids[0]!).waitFor();
    await ui.page.locator(`.trace-row[data-trace-id="${ids[2]}"][data-status="ok"]`).waitFor();
    await ui.page.locator(`.trace-row[data-trace-id="${ids[1]}"][data-status="error"]`).waitFor();
    expect(await listedIds()).toEqual(ids);
    expect(await traceRow(ui.page, ids[1]!).locator('.has-errors').textContent()).toBe('1');
    await screenshot(ui.page, 'list-live');

    await ui.page.getByRole('button', { name: 'running', exact: true }).click();
    await ui.page.locator(`.trace-row[data-trace-id="${ids[1]}"]`).waitFor({ state: 'detached' });
    expect(await listedIds()).toEqual([ids[0]]);

    await ui.page.getByRole('button', { name: 'running', exact: true }).click();
    await ui.page.getByLabel('Search traces').fill('QUESTION');
    await ui.page.locator(`.trace-row[data-trace-id="${ids[0]}"]`).waitFor({ state: 'detached' });
    expect(await listedIds()).toEqual([ids[1]]);

    await ui.page.getByLabel('Search traces').fill('');
    running.end();
    await ui.page.locator(`.trace-row[data-trace-id="${ids[0]}"][data-status="ok"]`).waitFor();
  });

  it('has a Flows tab that says how to connect an app when none is', async () => {
    await ui.page.goto(ui.server.url);
    await ui.page.getByRole('button', { name: 'Flows' }).click();
    await ui.page.waitForURL('**/flows');
    const message = ui.page.locator('.flows-page', { hasText: 'No app connected' });
    await message.waitFor();
    expect(await message.textContent()).toContain('livespan start -- <cmd>');
  });
});
