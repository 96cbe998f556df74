import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot, spanRow, traceRow } from './support/page-helpers.js';

const EVIL_ATTRIBUTE = '<img src=x onerror="window.__xss=1">';
const EVIL_NAME = '<b>x</b>';

const ui = useLiveUi();

describe('span data is rendered as text', () => {
  it('shows markup in names and attributes literally and never runs it', async () => {
    const span = ui.app.start(EVIL_NAME, undefined, {
      attributes: { evil: EVIL_ATTRIBUTE, 'genkit:input': JSON.stringify({ html: EVIL_ATTRIBUTE }) },
    });
    span.end();
    const { traceId, spanId } = span.spanContext();

    await ui.page.goto(ui.server.url);
    const listRow = traceRow(ui.page, traceId);
    await listRow.waitFor();
    expect(await listRow.locator('.trace-name').textContent()).toBe(EVIL_NAME);
    expect(await listRow.locator('b').count()).toBe(0);

    await listRow.click();
    const row = spanRow(ui.page, spanId);
    await row.waitFor();
    expect(await row.locator('.span-name').textContent()).toBe(EVIL_NAME);
    expect(await row.locator('b').count()).toBe(0);

    await row.click();
    const details = ui.page.locator('.span-details');
    await details.locator('.kv-row', { hasText: 'evil' }).waitFor();
    expect(await details.locator('.kv-row', { hasText: 'evil' }).locator('.kv-value').textContent()).toBe(
      EVIL_ATTRIBUTE,
    );
    expect(await details.textContent()).toContain(`"html": ${JSON.stringify(EVIL_ATTRIBUTE)}`);
    expect(await details.locator('.details-name').textContent()).toBe(EVIL_NAME);
    expect(await ui.page.locator('img').count()).toBe(0);
    expect(await ui.page.locator('.span-details b, .span-row b, .trace-header b').count()).toBe(0);
    expect(await ui.page.evaluate('typeof window.__xss')).toBe('undefined');
    await screenshot(ui.page, 'span-details');
  });

  it('shows markup in event names, event attributes, status messages and trace names literally', async () => {
    const rootName = '<img src=x onerror="window.__xss=4">flow';
    const eventName = '<img src=x onerror="window.__xss=2">';
    const eventKey = '<script>window.__xss=5</script>';
    const eventValue = '<svg onload="window.__xss=3"></svg>';
    const statusMessage = '<iframe src="javascript:window.__xss=6"></iframe>';
    const span = ui.app.start(rootName);
    span.addEvent(eventName, { [eventKey]: eventValue });
    span.setStatus({ code: 2, message: statusMessage });
    span.end();
    const { traceId, spanId } = span.spanContext();

    await ui.page.goto(ui.server.url);
    const listRow = traceRow(ui.page, traceId);
    await listRow.waitFor();
    expect(await listRow.locator('.trace-name').textContent()).toBe(rootName);
    await listRow.click();
    await spanRow(ui.page, spanId).click();
    const details = ui.page.locator('.span-details');
    const event = details.locator('.event-list li').first();
    await event.waitFor();
    expect(await event.locator('.event-name').textContent()).toBe(eventName);
    expect(await event.locator('.event-attr-key').textContent()).toBe(eventKey);
    expect(await event.locator('.event-attr').textContent()).toContain(eventValue);
    expect(await details.textContent()).toContain(statusMessage);
    expect(await ui.page.locator('img, svg[onload], iframe, .span-details script').count()).toBe(0);
    expect(await ui.page.evaluate('typeof window.__xss')).toBe('undefined');
    await screenshot(ui.page, 'hostile-events');
  });
});
