import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot } from './support/page-helpers.js';

const ui = useLiveUi();

describe('the app livespan runs, live in the trace list and the Flows tab', () => {
  it('says starting…, restarting… with what changed, and nothing more once it runs', async () => {
    const { page, server } = ui;
    const launch = {
      appId: 'launch-1',
      command: 'npx tsx src/main.ts',
      startedAt: Date.now(),
      stderrTail: [],
    };
    await page.goto(server.url);
    await page.locator('.connection[data-connection="live"]').waitFor();
    const panel = page.locator('.app-status');
    const text = panel.locator('.app-status-text');

    server.reportApp({ state: 'starting', ...launch });
    await page.locator('.app-status[data-app-state="starting"]').waitFor();
    expect(await text.textContent()).toBe('starting…');

    server.reportApp({ state: 'running', pid: 4242, ...launch });
    await panel.waitFor({ state: 'detached' });

    server.reportApp({ state: 'restarting', restartReason: 'src/x.ts changed', ...launch });
    await page.locator('.app-status[data-app-state="restarting"]').waitFor();
    expect(await text.textContent()).toBe('restarting… (src/x.ts changed)');
    await screenshot(page, 'traces-app-restarting');

    // The Flows tab shows the same, from the same status.
    await page.locator('.tab', { hasText: 'Flows' }).click();
    await page.locator('.flows-page .app-status[data-app-state="restarting"]').waitFor();
    expect(await page.locator('.flows-page .app-status-text').textContent()).toBe(
      'restarting… (src/x.ts changed)',
    );
    await screenshot(page, 'flows-app-restarting');

    server.reportApp({ state: 'none' });
    await page.locator('.flows-page .app-status').waitFor({ state: 'detached' });
    await page.locator('.no-app').waitFor();
  });
});
