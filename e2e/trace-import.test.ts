import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { inPage, screenshot, traceRow } from './support/page-helpers.js';
import { hexId, postTraceData } from './support/post-spans.js';

const ui = useLiveUi();
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'livespan-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Posts a finished two-span trace named `name`; returns its id. */
async function postTrace(name: string): Promise<string> {
  const traceId = hexId(16);
  const root = hexId(8);
  const now = Date.now();
  await postTraceData(ui.server.url, traceId, [
    { traceId, spanId: root, displayName: name, startTime: now - 300, endTime: now },
    {
      traceId,
      spanId: hexId(8),
      parentSpanId: root,
      displayName: 'step',
      startTime: now - 200,
      endTime: now - 100,
    },
  ]);
  return traceId;
}

/** What "Download JSON" saves: the body of `GET /api/traces/:traceId`. */
async function exported(traceId: string): Promise<string> {
  const response = await fetch(`${ui.server.url}/api/traces/${traceId}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** Drops files (name → text) onto the page as a user dragging them from the desktop would. */
async function dropFiles(files: Record<string, string>): Promise<void> {
  await ui.page.evaluate(
    inPage(
      `const transfer = new DataTransfer();
       for (const [name, text] of Object.entries(args)) {
         transfer.items.add(new File([text], name, { type: 'application/json' }));
       }
       const target = document.querySelector('.app-main');
       for (const type of ['dragenter', 'dragover', 'drop']) {
         target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
       }`,
      files,
    ),
  );
}

describe('import and clear all', () => {
  it('clears every trace after a confirmation, live, and re-imports a downloaded trace from the file picker', async () => {
    const first = await postTrace('ingest-documents');
    const second = await postTrace('answer-question');
    const saved = await exported(first);
    const file = path.join(dir, 'run.json');
    await writeFile(file, saved);

    await ui.page.goto(ui.server.url);
    await traceRow(ui.page, first).waitFor();
    await traceRow(ui.page, second).waitFor();

    await ui.page.getByRole('button', { name: 'Clear all' }).click();
    const dialog = ui.page.getByRole('dialog', { name: 'Delete every trace?' });
    await dialog.waitFor();
    await screenshot(ui.page, 'list-clear-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await ui.page.locator('.trace-row').count()).toBe(2);

    await ui.page.getByRole('button', { name: 'Clear all' }).click();
    await dialog.getByRole('button', { name: 'Delete all traces' }).click();
    await traceRow(ui.page, first).waitFor({ state: 'detached' });
    expect(await ui.page.locator('.trace-row').count()).toBe(0);
    expect((await fetch(`${ui.server.url}/api/traces/${second}`)).status).toBe(404);
    // Nothing left: the empty list is the first-trace guide, which also offers the import.
    await ui.page.locator('.guide').waitFor();
    expect(await ui.page.locator('.guide').getByRole('button', { name: 'Import…' }).count()).toBe(1);

    await dropFiles({ 'run.json': saved });
    const panel = ui.page.getByRole('status', { name: 'Import' });
    await panel.locator('.import-done').waitFor();
    expect(await panel.textContent()).toContain('run.json: imported 1 trace (2 spans)');
    await traceRow(ui.page, first).waitFor();
    expect(await traceRow(ui.page, first).getAttribute('data-status')).toBe('ok');
    await panel.getByRole('button', { name: 'Dismiss' }).click();

    await ui.page.getByRole('button', { name: 'Clear all' }).click();
    await dialog.getByRole('button', { name: 'Delete all traces' }).click();
    await ui.page.locator('.guide').waitFor();
    await ui.page.goto(ui.server.url);
    await postTrace('keeps-the-list-open');
    await ui.page.locator('.trace-row').first().waitFor();
    await ui.page.getByLabel('Trace files to import').setInputFiles(file);
    await panel.locator('.import-done').waitFor();
    await traceRow(ui.page, first).waitFor();
    await panel.getByRole('link', { name: /^open / }).click();
    await ui.page.waitForURL(`**/traces/${first}`);
  });

  it('says per file what was imported and why a bad file was refused, storing nothing of it', async () => {
    const good = await postTrace('good-run');
    const saved = await exported(good);
    await ui.page.goto(ui.server.url);
    await traceRow(ui.page, good).waitFor();

    const broken = JSON.parse(saved) as { traceId: string; spans: Record<string, { startTime: unknown }> };
    const otherId = hexId(16);
    broken.traceId = otherId;
    broken.spans = Object.fromEntries(
      Object.entries(broken.spans).map(([id, span], i) => [
        id,
        { ...span, traceId: otherId, ...(i === 1 && { startTime: 'yesterday' }) },
      ]),
    );
    await dropFiles({
      'good.json': saved,
      'notes.json': '{"traceId": ',
      'broken.json': JSON.stringify(broken),
    });
    const panel = ui.page.getByRole('status', { name: 'Import' });
    await panel.locator('.import-failed').nth(1).waitFor();
    const lines = await panel.locator('li').allTextContents();
    expect(lines[0]).toContain('good.json: imported 1 trace (2 spans)');
    expect(lines[1]).toMatch(/^notes\.json: not JSON: /);
    expect(lines[2]).toMatch(/^broken\.json: .*startTime/);
    await screenshot(ui.page, 'list-import-results');
    expect((await fetch(`${ui.server.url}/api/traces/${otherId}`)).status).toBe(404);
    expect(await traceRow(ui.page, otherId).count()).toBe(0);
  });
});
