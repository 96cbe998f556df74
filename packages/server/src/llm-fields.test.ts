import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { makeServer, makeSpan, postSpans, spanId } from './test-support/factories.js';

let server: LivespanServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const traceId = (n: number) => n.toString(16).padStart(32, '0');
const STEP_PATH = '/{report,t:flow}/{render,t:flowStep}';

/** A completed run of flow "report" whose step "render" took `stepMs`. */
function completedRun(n: number, stepMs: number) {
  const start = n * 100_000;
  return [
    makeSpan({
      traceId: traceId(n),
      spanId: spanId(1),
      displayName: 'report',
      startTime: start,
      endTime: start + stepMs + 10,
    }),
    makeSpan({
      traceId: traceId(n),
      spanId: spanId(2),
      parentSpanId: spanId(1),
      displayName: 'render',
      startTime: start,
      endTime: start + stepMs,
      attributes: { 'genkit:path': STEP_PATH },
    }),
  ];
}

interface ApiSpan {
  usualDurationMs?: number;
  usualP95Ms?: number;
  slowerThanUsual?: boolean;
}

describe('slower than usual, in the API', () => {
  it('judges a running step against its path’s recent runs at read time, and says nothing without history', async () => {
    let now = 0;
    server = makeServer({ now: () => now });
    for (const [i, ms] of [1_000, 1_000, 2_000].entries()) {
      expect((await postSpans(server, completedRun(i + 1, ms))).status).toBe(200);
    }
    const start = 900_000;
    const running = [
      makeSpan({
        traceId: traceId(9),
        spanId: spanId(1),
        displayName: 'report',
        startTime: start,
        endTime: 0,
      }),
      makeSpan({
        traceId: traceId(9),
        spanId: spanId(2),
        parentSpanId: spanId(1),
        displayName: 'render',
        startTime: start,
        endTime: 0,
        attributes: { 'genkit:path': STEP_PATH },
      }),
      makeSpan({
        traceId: traceId(9),
        spanId: spanId(3),
        parentSpanId: spanId(1),
        displayName: 'new',
        startTime: start,
        endTime: 0,
      }),
    ];
    now = start;
    expect((await postSpans(server, running)).status).toBe(200);

    const read = async () =>
      (await (await server!.app.request(`/api/traces/${traceId(9)}`)).json()) as ApiSpan & {
        spans: Record<string, ApiSpan>;
      };
    now = start + 1_500;
    let trace = await read();
    expect(trace.spans[spanId(2)]).toMatchObject({ usualDurationMs: 1_000, usualP95Ms: 2_000 });
    expect(trace.spans[spanId(2)]?.slowerThanUsual).toBeUndefined();
    expect(trace).toMatchObject({ usualDurationMs: 1_010, usualP95Ms: 2_010 });
    expect(trace.spans[spanId(3)]?.usualDurationMs).toBeUndefined();

    now = start + 2_500;
    trace = await read();
    expect(trace.spans[spanId(2)]).toMatchObject({ usualDurationMs: 1_000, slowerThanUsual: true });
    expect(trace.slowerThanUsual).toBe(true);
    expect(trace.spans[spanId(3)]).not.toHaveProperty('slowerThanUsual');

    const list = (await (await server.app.request('/api/traces')).json()) as {
      traces: Array<ApiSpan & { traceId: string }>;
    };
    expect(list.traces.find((item) => item.traceId === traceId(9))).toMatchObject({
      slowerThanUsual: true,
      usualDurationMs: 1_010,
    });
  });

  it('does not learn from failed runs', async () => {
    server = makeServer();
    for (let i = 1; i <= 3; i++) {
      const [root, step] = completedRun(i, 500);
      await postSpans(server, [root!, { ...step!, status: { code: 2, message: 'boom' } }]);
    }
    const trace = (await (await server.app.request(`/api/traces/${traceId(3)}`)).json()) as {
      spans: Record<string, ApiSpan>;
    };
    expect(trace.spans[spanId(2)]?.usualDurationMs).toBeUndefined();
  });
});

describe('tokens and cost, in the API', () => {
  it('sums a trace’s model spans, costs the priced models and flags a partial cost', async () => {
    server = makeServer({ prices: { priced: { inputPerMillion: 1_000_000, outputPerMillion: 2_000_000 } } });
    const model = (n: number, name: string, input: number, output: number) =>
      makeSpan({
        spanId: spanId(n),
        parentSpanId: spanId(1),
        displayName: name,
        attributes: {
          'gen_ai.usage.input_tokens': input,
          'gen_ai.usage.output_tokens': output,
          'gen_ai.request.model': name,
        },
      });
    await postSpans(server, [makeSpan({ endTime: 0 }), model(2, 'priced', 3, 1)]);
    let list = (await (await server.app.request('/api/traces')).json()) as {
      traces: Array<Record<string, unknown>>;
    };
    expect(list.traces[0]).toMatchObject({ inputTokens: 3, outputTokens: 1, costUsd: 5 });
    expect(list.traces[0]).not.toHaveProperty('costPartial');
    await postSpans(server, [model(3, 'unpriced', 10, 10)]);
    list = (await (await server.app.request('/api/traces')).json()) as {
      traces: Array<Record<string, unknown>>;
    };
    expect(list.traces[0]).toMatchObject({
      inputTokens: 13,
      outputTokens: 11,
      costUsd: 5,
      costPartial: true,
      unpricedModels: ['unpriced'],
    });
    const trace = (await (await server.app.request(`/api/traces/${list.traces[0]!.traceId}`)).json()) as {
      spans: Record<string, { usage?: unknown }>;
    };
    expect(trace.spans[spanId(2)]?.usage).toEqual({
      inputTokens: 3,
      outputTokens: 1,
      model: 'priced',
      costUsd: 5,
    });
    expect(trace.spans[spanId(3)]?.usage).toEqual({ inputTokens: 10, outputTokens: 10, model: 'unpriced' });
    expect(trace.spans[spanId(1)]?.usage).toBeUndefined();
  });
});
