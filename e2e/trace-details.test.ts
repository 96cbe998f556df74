import { randomBytes } from 'node:crypto';
import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot, spanRow } from './support/page-helpers.js';
import { hexId, postTraceData } from './support/post-spans.js';

const ui = useLiveUi({ staleAfterMs: 600 });

const selected = () => ui.page.locator('.span-row[aria-selected="true"]');

describe('trace view interaction and details', () => {
  it('navigates the tree with the keyboard: arrows move, ← / → collapse and expand, Enter toggles', async () => {
    const t0 = Date.now();
    const root = ui.app.start('agent', undefined, { startTime: t0 });
    const plan = ui.app.start('plan', root, { startTime: t0 + 1 });
    const tool = ui.app.start('call-tool', plan, { startTime: t0 + 2 });
    const answer = ui.app.start('answer', root, { startTime: t0 + 3 });
    for (const span of [tool, plan, answer, root]) span.end();
    const id = (span: typeof root) => span.spanContext().spanId;
    await ui.page.goto(`${ui.server.url}/traces/${root.spanContext().traceId}`);
    await ui.page.locator(`.span-row[data-span-id="${id(root)}"][data-state="ok"]`).waitFor();

    await spanRow(ui.page, id(root)).click();
    expect(await selected().getAttribute('data-span-id')).toBe(id(root));
    await ui.page.keyboard.press('ArrowDown');
    expect(await selected().getAttribute('data-span-id')).toBe(id(plan));
    expect(await ui.page.locator('.details-name').textContent()).toBe('plan');

    await ui.page.keyboard.press('ArrowLeft'); // collapse "plan"
    await spanRow(ui.page, id(tool)).waitFor({ state: 'detached' });
    await ui.page.keyboard.press('ArrowDown');
    expect(await selected().getAttribute('data-span-id')).toBe(id(answer));
    await ui.page.keyboard.press('ArrowUp');
    await ui.page.keyboard.press('ArrowRight'); // expand "plan"
    await spanRow(ui.page, id(tool)).waitFor();
    await ui.page.keyboard.press('ArrowRight'); // into its first child
    expect(await selected().getAttribute('data-span-id')).toBe(id(tool));
    await ui.page.keyboard.press('ArrowLeft'); // to the parent
    expect(await selected().getAttribute('data-span-id')).toBe(id(plan));
    await ui.page.keyboard.press('Enter');
    await spanRow(ui.page, id(tool)).waitFor({ state: 'detached' });
    expect(await spanRow(ui.page, id(plan)).getAttribute('aria-expanded')).toBe('false');
  });

  it('shows Genkit input/output, model usage, error with stack, and events relative to the start', async () => {
    const span = ui.app.start('generate', undefined, {
      attributes: {
        'genkit:type': 'action',
        'genkit:path': '/{chatFlow,t:flow}/{generate,t:action}',
        'genkit:input': JSON.stringify({ prompt: 'hello' }),
        'genkit:output': JSON.stringify({ text: 'hi there' }),
        'gen_ai.request.model': 'gemini-2.5-flash',
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 34,
      },
    });
    span.addEvent('first-token', { 'chunk.index': 0 });
    span.recordException(new Error('quota exceeded'));
    span.setStatus({ code: 2, message: 'quota exceeded' });
    span.end();
    await ui.page.goto(`${ui.server.url}/traces/${span.spanContext().traceId}`);
    const details = ui.page.locator('.span-details');
    await details.locator('.error-message').waitFor();

    const text = (await details.textContent()) ?? '';
    expect(await details.locator('.error-message').textContent()).toBe('quota exceeded');
    expect(text).toContain('Error: quota exceeded'); // the stack of the exception event
    // Shown once, under Error, not again among the events.
    expect(text.split('Error: quota exceeded').length - 1).toBe(1);
    expect(text).toContain('(the stack trace under Error)');
    expect(text).toContain('/{chatFlow,t:flow}/{generate,t:action}');
    expect(text).toContain('model gemini-2.5-flash');
    expect(text).toContain('input tokens 12');
    expect(text).toContain('output tokens 34');
    expect(text).toContain('"prompt": "hello"');
    expect(text).toContain('"text": "hi there"');
    expect(await details.locator('.event-name').allTextContents()).toEqual(['first-token', 'exception']);
    expect(await details.locator('.event-time').first().textContent()).toMatch(/^\+\d+ ms$/);
    await screenshot(ui.page, 'span-error-details');
  });

  it('renders a missing parent as a placeholder row holding its children', async () => {
    const missingParent = trace.wrapSpanContext({
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      traceFlags: 1,
    });
    const child = ui.app.tracer.startSpan('orphan-child', {}, trace.setSpan(context.active(), missingParent));
    child.end();
    await ui.page.goto(`${ui.server.url}/traces/${child.spanContext().traceId}`);
    const placeholder = spanRow(ui.page, missingParent.spanContext().spanId);
    await placeholder.waitFor();
    expect(await placeholder.getAttribute('data-state')).toBe('placeholder');
    expect(await placeholder.locator('.span-name').textContent()).toBe('missing parent span');
    expect(await spanRow(ui.page, child.spanContext().spanId).getAttribute('data-depth')).toBe('1');
  });

  it('marks a running span whose sender went silent as stopped, with the reason and the time of its last sign of life', async () => {
    // A sender without heartbeats (no livespan headers): silent for staleAfterMs, it counts as stopped.
    const traceId = hexId(16);
    const spanId = hexId(8);
    await postTraceData(ui.server.url, traceId, [
      { traceId, spanId, displayName: 'silent-worker', startTime: Date.now(), endTime: 0 },
    ]);
    await ui.page.goto(`${ui.server.url}/traces/${traceId}`);
    await ui.page.locator(`.span-row[data-span-id="${spanId}"][data-state="stale"]`).waitFor();
    expect(await ui.page.locator('.stale-note').textContent()).toMatch(
      /^Stopped: no update for .+\. Last sign of life \d\d:\d\d:\d\d\.\d{3}\.$/,
    );
    // New data brings it back: here, its end.
    await postTraceData(ui.server.url, traceId, [
      { traceId, spanId, displayName: 'silent-worker', startTime: Date.now() - 1000, endTime: Date.now() },
    ]);
    await ui.page.locator(`.span-row[data-span-id="${spanId}"][data-state="ok"]`).waitFor();
  });
});
