import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.js';
import { createTestApp, type TestApp } from './test-app.js';
import { startUiServer, type UiServer } from './ui-server.js';

/** What a browser test file works with; filled in before its tests run. */
export interface LiveUi {
  server: UiServer;
  browser: Browser;
  app: TestApp;
  page: Page;
}

/**
 * For one test file: a real server with the built UI, Chromium, an app that
 * traces into the server with `RealtimeSpanProcessor`, and a page; torn down after.
 */
export function useLiveUi(options: { staleAfterMs?: number } = {}): LiveUi {
  const ui = {} as LiveUi;
  beforeAll(async () => {
    ui.server = await startUiServer(options);
    ui.browser = await launchBrowser();
    ui.app = createTestApp(ui.server.url);
    ui.page = await ui.browser.newPage({ viewport: { width: 1400, height: 820 } });
  });
  afterAll(async () => {
    await ui.page?.close();
    await ui.app?.shutdown();
    await ui.browser?.close();
    await ui.server?.dispose();
  });
  return ui;
}
