/**
 * Streamed LLM output in Chromium: the demo app's `llm_chain_flow` runs with a
 * fake Gemini (the real `@google/genai` SDK in the app, pointed at it) that
 * holds each streamed answer after its first chunk until the test releases it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGemini } from '../packages/flows/src/test-support/fake-gemini.js';
import { launchBrowser } from './support/browser.js';
import { type DemoApp, startDemoApp } from './support/demo-app.js';
import { type FlowsServer, startFlowsServer } from './support/flows-server.js';
import { screenshot } from './support/page-helpers.js';

let browser: Browser;
let server: FlowsServer;
let gemini: Awaited<ReturnType<typeof startFakeGemini>>;
let app: DemoApp;

beforeAll(async () => {
  browser = await launchBrowser();
  server = await startFlowsServer();
  gemini = await startFakeGemini();
  app = await startDemoApp({
    projectRoot: server.projectRoot,
    serverUrl: server.url,
    speed: 50,
    env: { GEMINI_API_KEY: 'test-key', GEMINI_BASE_URL: gemini.baseUrl },
  });
});

afterAll(async () => {
  await app?.stop();
  await gemini?.close();
  await browser?.close();
  await server?.dispose();
});

/** Holds every streamed answer after its first chunk until `release()`. */
function holdAfterFirstChunk(): () => void {
  let release!: () => void;
  gemini.behaviour.afterFirstChunk = new Promise<void>((resolve) => {
    release = resolve;
  });
  return release;
}

async function openFlow(page: Page, name: string) {
  await page.goto(`${server.url}/flows?flow=${name}`);
  const runner = page.locator(`.flow-runner[data-flow="${name}"]`);
  await runner.waitFor({ timeout: 15_000 });
  return runner;
}

describe('streamed output', () => {
  it('shows the chunks in the Flows tab before the run ends, beside the live trace link, then the result', async () => {
    gemini.behaviour.chunks = ['Octopuses', ' have', ' three hearts.'];
    const release = holdAfterFirstChunk();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const runner = await openFlow(page, 'llm_chain_flow');
      // The flow declares a stream schema: streaming is on by default.
      const toggle = runner.locator('.flow-stream-toggle input');
      expect(await toggle.isChecked()).toBe(true);
      await runner.locator('.run-button').click();

      const output = runner.locator('.flow-output');
      await output.locator('.flow-output-text', { hasText: 'Fact: Octopuses' }).waitFor();
      // The model is held after its first chunk, so the run has not ended.
      expect(await output.getAttribute('data-state')).toBe('running');
      expect(await output.locator('.flow-output-trace').textContent()).toBe('Open live trace →');
      expect(await output.locator('.stop-button').isVisible()).toBe(true);
      await screenshot(page, 'flows-streaming');

      release();
      await page.locator('.flow-output[data-state="ok"]').waitFor({ timeout: 15_000 });
      expect(await output.locator('.flow-output-text').textContent()).toBe(
        'Fact: Octopuses have three hearts.\n\nQuestion: Octopuses have three hearts.\n\nAnswer: Octopuses have three hearts.',
      );
      expect(await output.locator('.flow-output-result').textContent()).toContain('"answer"');
      expect(await output.locator('.stop-button').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('stops a streamed run from its output panel: the stream ends saying the run was cancelled', async () => {
    gemini.behaviour.chunks = ['Never', ' finished'];
    const release = holdAfterFirstChunk();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const runner = await openFlow(page, 'llm_chain_flow');
      await runner.locator('.run-button').click();
      const output = runner.locator('.flow-output');
      await output.locator('.flow-output-text', { hasText: 'Never' }).waitFor();
      await output.locator('.stop-button').click();
      await page.locator('.flow-output[data-state="error"]').waitFor({ timeout: 15_000 });
      expect(await output.locator('.flow-run-error').textContent()).toBe(
        'Flow "llm_chain_flow" was cancelled',
      );
      expect(await output.locator('.flow-output-trace').textContent()).toBe('Open trace →');
    } finally {
      release();
      await page.close();
    }
  });

  it("grows a running model span's text in the span details, with time to first token", async () => {
    gemini.behaviour.chunks = ['Once', ' upon', ' a time.'];
    const release = holdAfterFirstChunk();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      const runner = await openFlow(page, 'llm_chain_flow');
      await runner.locator('.run-button').click();
      const link = runner.locator('.flow-output-trace');
      await link.waitFor();
      await link.click();
      await page.waitForURL(/\/traces\/[0-9a-f]{32}$/);

      const running = page.locator('.span-row[data-state="running"]', {
        has: page.locator('.span-name', { hasText: /^googleai\// }),
      });
      await running.first().click({ timeout: 15_000 });
      const details = page.locator('.span-details .streamed-output');
      await details.locator('.streamed-text', { hasText: 'Once' }).waitFor();
      expect(await details.getAttribute('data-running')).toBe('true');
      expect(await details.locator('h3').textContent()).toBe('Output so far');
      expect(await details.locator('.streamed-ttft').textContent()).toMatch(/^first token \d/);
      expect(await details.locator('.streamed-text').textContent()).toBe('Once');
      await screenshot(page, 'span-streamed-output');

      release();
      await details.locator('.streamed-text', { hasText: 'Once upon a time.' }).waitFor({ timeout: 15_000 });
      await page.locator('.span-details .streamed-output[data-running="false"]').waitFor({ timeout: 15_000 });
      expect(await details.locator('.streamed-rate').textContent()).toMatch(/tok\/s$/);
    } finally {
      await page.close();
    }
  });

  it('offers the last inputs of a flow after a reload, and puts a picked one in the editor', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    try {
      let runner = await openFlow(page, 'multi_step_flow');
      const editor = runner.locator('textarea.flow-input');
      // Off: the run opens its trace, as before streaming existed.
      await runner.locator('.flow-stream-toggle input').uncheck();
      await editor.fill('{"topic": "first topic"}');
      await runner.locator('.run-button').click();
      await page.waitForURL(/\/traces\//);

      runner = await openFlow(page, 'multi_step_flow');
      await runner.locator('.flow-stream-toggle input').uncheck();
      await runner.locator('textarea.flow-input').fill('{"topic": "second topic"}');
      await runner.locator('.run-button').click();
      await page.waitForURL(/\/traces\//);

      await page.reload();
      runner = await openFlow(page, 'multi_step_flow');
      const history = runner.locator('select.input-history');
      const options = await history.locator('option:not([disabled])').allTextContents();
      expect(options).toEqual(['{"topic": "second topic"}', '{"topic": "first topic"}']);
      await history.selectOption({ label: '{"topic": "first topic"}' });
      expect(await runner.locator('textarea.flow-input').inputValue()).toBe('{"topic": "first topic"}');
    } finally {
      await page.close();
    }
  });
});
