import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { type Json, makeServer, makeSpan, postSpans, spanId } from './test-support/factories.js';

let server: LivespanServer;
afterEach(() => server?.close());

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

async function list(query: string): Promise<{ status: number; body: Json }> {
  const response = await server.app.request(`/api/traces?${query}`);
  return { status: response.status, body: await response.json() };
}
const ids = async (query: string) =>
  (await list(query)).body.traces.map((trace: { traceId: string }) => trace.traceId);

describe('GET /api/traces?q=&since=&until=&status=', () => {
  it('finds a trace by an attribute value of a span that is not the root, whatever the case', async () => {
    server = makeServer();
    await postSpans(server, [
      makeSpan({ traceId: A, displayName: 'GET', startTime: 1_000 }),
      makeSpan({
        traceId: A,
        spanId: spanId(2),
        parentSpanId: spanId(1),
        displayName: 'db.query',
        attributes: { 'db.statement': 'SELECT * FROM Orders WHERE id = 42' },
      }),
    ]);
    await postSpans(server, [
      makeSpan({ traceId: B, displayName: 'GET', startTime: 2_000, attributes: { order: 'none' } }),
    ]);
    expect(await ids(`q=${encodeURIComponent('from orders')}`)).toEqual([A]);
    expect(await ids('q=DB.STATEMENT')).toEqual([A]);
    expect(await ids('q=get')).toEqual([B, A]);
    expect(await ids('q=orders%20where%20id%20%3D%2043')).toEqual([]);
    expect(await ids('q=42&name=GE&status=ok')).toEqual([A]);
  });

  it('filters by start time and several statuses', async () => {
    server = makeServer();
    await postSpans(server, [makeSpan({ traceId: A, startTime: 1_000, status: { code: 2 } })]);
    await postSpans(server, [makeSpan({ traceId: B, startTime: 2_000, endTime: 0 })]);
    expect(await ids('since=1000&until=2000')).toEqual([A]);
    expect(await ids('since=1001')).toEqual([B]);
    expect(await ids('status=error,running')).toEqual([B, A]);
    expect(await ids('status=ok,running')).toEqual([B]);
  });

  it('answers 400 naming the parameter for a bad q, since, until or status', async () => {
    server = makeServer();
    expect(await list(`q=${'x'.repeat(257)}`)).toEqual({
      status: 400,
      body: { error: 'invalid query: q: must be 1 to 256 characters', path: 'q' },
    });
    expect((await list('q=')).body).toMatchObject({ path: 'q' });
    expect((await list('since=yesterday')).body).toEqual({
      error: 'invalid query: since: must be ms since the epoch, a non-negative integer',
      path: 'since',
    });
    expect((await list('until=1.5')).body).toMatchObject({ path: 'until' });
    expect(await list('status=ok,broken')).toEqual({
      status: 400,
      body: {
        error: 'invalid query: status: "broken" is not one of running, ok, error, stale (comma-separated)',
        path: 'status',
      },
    });
  });
});
