import { describe, expect, it } from 'vitest';
import { useLiveUi } from './support/live-ui.js';
import { screenshot, traceRow } from './support/page-helpers.js';
import { hexId, postTraceData } from './support/post-spans.js';

const ui = useLiveUi();
const HOUR = 60 * 60_000;

async function listedIds(): Promise<Array<string | null>> {
  return ui.page
    .locator('.trace-row')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-trace-id')));
}

/** Posts a finished one-span trace; returns its id. */
async function postEnded(name: string, startTime: number): Promise<string> {
  const traceId = hexId(16);
  await postTraceData(ui.server.url, traceId, [
    { traceId, spanId: hexId(8), displayName: name, startTime, endTime: startTime + 120 },
  ]);
  return traceId;
}

const search = () => new URL(ui.page.url()).searchParams;
const statusButton = (name: string) => ui.page.getByRole('button', { name, exact: true });

const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

/** Posts one ended root span as an OTLP/HTTP JSON exporter of service `service` would; returns its trace id. */
async function postOtlpRoot(
  service: string,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const traceId = hexId(16);
  const now = Date.now();
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: '@opentelemetry/instrumentation-http' },
            spans: [
              {
                traceId,
                spanId: hexId(8),
                name,
                kind: 2,
                startTimeUnixNano: nanos(now - 40),
                endTimeUnixNano: nanos(now),
                attributes: Object.entries(attributes).map(([key, value]) => ({
                  key,
                  value: { stringValue: value },
                })),
                status: { code: 0 },
              },
            ],
          },
        ],
      },
    ],
  };
  const response = await fetch(`${ui.server.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return traceId;
}

describe('trace list filters in the URL', () => {
  it('keeps status and time range in the URL across reload and back/forward, and keeps non-matching live traces out', async () => {
    const { page } = ui;
    const old = await postEnded('nightly-import', Date.now() - 2 * HOUR);
    const failed = ui.app.start('answer-question', undefined, { startTime: Date.now() - 2000 });
    failed.setStatus({ code: 2, message: 'model unavailable' });
    failed.end();
    const running = ui.app.start('index-embeddings', undefined, { startTime: Date.now() - 1000 });
    const [failedId, runningId] = [failed, running].map((span) => span.spanContext().traceId);

    await page.goto(ui.server.url);
    await traceRow(page, old).waitFor();
    await traceRow(page, runningId!).waitFor();
    await traceRow(page, failedId!).waitFor();

    await page.getByLabel('Time range').selectOption('1h');
    await traceRow(page, old).waitFor({ state: 'detached' });
    expect(search().get('since')).toBe('1h');

    await statusButton('error').click();
    await traceRow(page, runningId!).waitFor({ state: 'detached' });
    await statusButton('running').click();
    await traceRow(page, runningId!).waitFor();
    expect(search().get('status')).toBe('running,error');
    expect(await listedIds()).toEqual([runningId, failedId]);

    // A trace that ends ok must not pop in; the running one sent after it proves the stream got past it.
    const okId = await postEnded('quick-ok', Date.now());
    const sentinel = ui.app.start('sentinel-run');
    const sentinelId = sentinel.spanContext().traceId;
    await traceRow(page, sentinelId).waitFor();
    expect(await traceRow(page, okId).count()).toBe(0);
    // The server answered the same filter (a status list and a time range).
    expect(await page.locator('.list-error').count()).toBe(0);
    await screenshot(page, 'list-filtered');
    await page.setViewportSize({ width: 800, height: 600 });
    await screenshot(page, 'list-filtered-800');
    await page.setViewportSize({ width: 1400, height: 820 });

    await page.reload();
    await traceRow(page, sentinelId).waitFor();
    expect(await page.getByLabel('Time range').inputValue()).toBe('1h');
    expect(await statusButton('running').getAttribute('aria-pressed')).toBe('true');
    expect(await statusButton('error').getAttribute('aria-pressed')).toBe('true');
    expect(await statusButton('ok').getAttribute('aria-pressed')).toBe('false');
    expect(await listedIds()).toEqual([sentinelId, runningId, failedId]);

    await page.goBack(); // status=error&since=1h
    await traceRow(page, runningId!).waitFor({ state: 'detached' });
    expect(await listedIds()).toEqual([failedId]);
    await page.goBack(); // since=1h
    await traceRow(page, okId).waitFor();
    expect(await traceRow(page, old).count()).toBe(0);
    await page.goBack(); // no filter
    await traceRow(page, old).waitFor();
    expect(search().toString()).toBe('');
    await page.goForward();
    await traceRow(page, old).waitFor({ state: 'detached' });
    expect(await page.getByLabel('Time range').inputValue()).toBe('1h');

    // A custom range in absolute milliseconds, from the URL.
    await page.goto(`${ui.server.url}/?since=${Date.now() - 3 * HOUR}&until=${Date.now() - HOUR}`);
    await traceRow(page, old).waitFor();
    expect(await listedIds()).toEqual([old]);
    expect(await page.getByLabel('Time range').inputValue()).toBe('custom');
    expect(await page.getByLabel('From').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    await page.setViewportSize({ width: 800, height: 600 });
    await screenshot(page, 'list-custom-range-800');
    await page.setViewportSize({ width: 1400, height: 820 });
    sentinel.end();
    running.end();
  });

  it('searches every span of every trace (q), in the URL, and lets live matches in', async () => {
    const { page } = ui;
    const hit = ui.app.start('checkout');
    const child = ui.app.start('charge-card', hit, { attributes: { 'order.id': 'A-4711' } });
    child.end();
    hit.end();
    const miss = ui.app.start('checkout');
    ui.app.start('charge-card', miss, { attributes: { 'order.id': 'B-0815' } }).end();
    miss.end();
    const [hitId, missId] = [hit, miss].map((span) => span.spanContext().traceId);
    await page.goto(ui.server.url);
    await traceRow(page, missId!).waitFor();

    const answered = page.waitForResponse((response) => response.url().includes('q=a-4711'));
    await page.getByLabel('Search traces').fill('a-4711');
    await answered;
    await traceRow(page, hitId!).waitFor();
    expect(await listedIds()).toEqual([hitId]);
    expect(search().get('q')).toBe('a-4711');
    expect(await page.locator('.list-error').count()).toBe(0);

    // Live: a new run whose child span matches shows up; one that does not, stays out.
    const later = ui.app.start('checkout');
    ui.app.start('charge-card', later, { attributes: { 'order.id': 'B-9999' } }).end();
    const laterHit = ui.app.start('checkout');
    ui.app.start('retry', laterHit, { attributes: { note: 'again for A-4711' } }).end();
    const laterHitId = laterHit.spanContext().traceId;
    await traceRow(page, laterHitId).waitFor();
    expect(await traceRow(page, later.spanContext().traceId).count()).toBe(0);
    later.end();
    laterHit.end();

    await page.reload();
    await traceRow(page, hitId!).waitFor();
    expect(await page.getByLabel('Search traces').inputValue()).toBe('a-4711');
    expect(await traceRow(page, missId!).count()).toBe(0);
  });

  it('lists rows as links that open in place (or in a new tab), with absolute dates for old traces', async () => {
    const { page } = ui;
    const dayOld = await postEnded('weekly-report', Date.now() - 3 * 24 * HOUR);
    const fresh = await postEnded('fresh-run', Date.now() - 5000);
    await page.goto(ui.server.url);
    await traceRow(page, fresh).waitFor();

    expect(await traceRow(page, fresh).evaluate((row) => row.tagName)).toBe('A');
    expect(await traceRow(page, fresh).getAttribute('href')).toBe(`/traces/${fresh}`);
    const started = (id: string) => traceRow(page, id).locator('.trace-started');
    expect(await started(fresh).textContent()).toMatch(/s ago$/);
    expect(await started(fresh).getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await started(dayOld).textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    // Ctrl+click leaves it to the browser: a new tab with the trace.
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      traceRow(page, fresh).click({ modifiers: ['Control'] }),
    ]);
    await tab.waitForURL(`**/traces/${fresh}`);
    await tab.close();
    expect(new URL(page.url()).pathname).toBe('/');

    // A plain click and Enter navigate in place, without reloading the app.
    await page.evaluate('window.stillHere = true');
    await traceRow(page, dayOld).click();
    await page.waitForURL(`**/traces/${dayOld}`);
    expect(await page.evaluate('window.stillHere')).toBe(true);
    await page.goBack();
    await traceRow(page, fresh).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/traces/${fresh}`);
    expect(await page.evaluate('window.stillHere')).toBe(true);
  });

  it('tells three "GET" rows apart by their route, and shows the service name', async () => {
    const { page } = ui;
    const orders = await postOtlpRoot('orders-api', 'GET', { 'http.route': '/orders/:id' });
    const health = await postOtlpRoot('orders-api', 'GET', { 'url.path': '/healthz' });
    const users = await postOtlpRoot('users-api', 'GET', { 'http.target': '/users/7?full=1' });
    await page.goto(ui.server.url);
    const text = async (id: string, part: string) => traceRow(page, id).locator(part).textContent();
    await traceRow(page, users).locator('.trace-route').waitFor();
    expect(await text(orders, '.trace-route')).toBe('/orders/:id');
    expect(await text(health, '.trace-route')).toBe('/healthz');
    expect(await text(users, '.trace-route')).toBe('/users/7');
    expect(await text(orders, '.trace-service')).toBe('orders-api');
    expect(await text(users, '.trace-service')).toBe('users-api');
    await screenshot(page, 'list-routes');
    await page.setViewportSize({ width: 800, height: 600 });
    await screenshot(page, 'list-routes-800');
    await page.setViewportSize({ width: 1400, height: 820 });
  });
});
