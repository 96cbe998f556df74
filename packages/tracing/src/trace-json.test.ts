import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { hrTimeToMs, tracesToJson } from './trace-json.js';
import type { TraceData } from './wire/span-data.js';

/** A tracer whose spans are kept as they start, open or not. */
function recordingTracer(attributes: Record<string, string> = { 'service.name': 'shop' }) {
  const spans: ReadableSpan[] = [];
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes(attributes),
    spanProcessors: [
      {
        onStart: (span) => spans.push(span as unknown as ReadableSpan),
        onEnd: () => {},
        forceFlush: async () => {},
        shutdown: async () => {},
      },
    ],
  });
  return { tracer: provider.getTracer('test', '1.0.0'), spans };
}

const parse = (json: string) => JSON.parse(json) as TraceData;

describe('hrTimeToMs', () => {
  it('converts seconds and nanoseconds to whole milliseconds, keeping [0, 0] as 0', () => {
    expect(hrTimeToMs([1_700_000_000, 123_456_789])).toBe(1_700_000_000_123);
    expect(hrTimeToMs([0, 0])).toBe(0);
  });
});

describe('tracesToJson', () => {
  it('writes one TraceData per trace, with the trace name and times from its root and the resource', () => {
    const { tracer, spans } = recordingTracer();
    const root = tracer.startSpan('root');
    const child = tracer.startSpan('child', {}, trace.setSpan(context.active(), root));
    child.end();
    root.end();
    tracer.startSpan('other', {}).end();
    const traces = tracesToJson([spans[1]!, spans[0]!, spans[2]!], []);
    expect(traces.map((t) => t.spanCount)).toEqual([2, 1]);
    const first = parse(traces[0]!.json);
    const rootId = root.spanContext().spanId;
    expect(first.traceId).toBe(root.spanContext().traceId);
    expect(first.displayName).toBe('root');
    expect(first.startTime).toBe(hrTimeToMs(spans[0]!.startTime));
    expect(first.endTime).toBe(hrTimeToMs(spans[0]!.endTime));
    expect(first.resource?.attributes['service.name']).toBe('shop');
    expect(Object.keys(first.spans)).toEqual([child.spanContext().spanId, rootId]);
    expect(first.spans[child.spanContext().spanId]?.parentSpanId).toBe(rootId);
    const second = parse(traces[1]!.json);
    expect(second.displayName).toBe('other');
    expect(Object.keys(second.spans)).toHaveLength(1);
  });

  it('leaves the trace name out when the batch does not hold the root', () => {
    const { tracer, spans } = recordingTracer();
    const root = tracer.startSpan('root');
    tracer.startSpan('child', {}, trace.setSpan(context.active(), root));
    const [part] = tracesToJson([spans[1]!], []);
    expect(parse(part!.json)).not.toHaveProperty('displayName');
  });

  it('writes every SpanData field, open and ended, and a snapshot that later changes do not reach', () => {
    const { tracer, spans } = recordingTracer();
    const span = tracer.startSpan('step', { kind: SpanKind.CLIENT, attributes: { n: 1, list: ['a', 'b'] } });
    span.addEvent('tick', { at: 'here' });
    span.addLink({ context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 } });
    const open = tracesToJson(spans, [])[0]!.json;
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'bad "quote"\n' });
    span.setAttribute('late', true);
    span.end();
    const ended = tracesToJson(spans, [])[0]!.json;
    const id = span.spanContext().spanId;
    const before = parse(open).spans[id]!;
    expect(before).toEqual({
      spanId: id,
      traceId: span.spanContext().traceId,
      startTime: hrTimeToMs(spans[0]!.startTime),
      endTime: 0,
      attributes: { n: 1, list: ['a', 'b'] },
      displayName: 'step',
      instrumentationLibrary: { name: 'test', version: '1.0.0' },
      spanKind: 'CLIENT',
      sameProcessAsParentSpan: { value: true },
      status: { code: 0 },
      timeEvents: {
        timeEvent: [
          {
            time: hrTimeToMs(spans[0]!.events[0]!.time),
            annotation: { attributes: { at: 'here' }, description: 'tick' },
          },
        ],
      },
      links: [
        {
          context: { traceId: '1'.repeat(32), spanId: '2'.repeat(16), isRemote: false, traceFlags: 1 },
          attributes: {},
          droppedAttributesCount: 0,
        },
      ],
    });
    const after = parse(ended).spans[id]!;
    expect(after.endTime).toBeGreaterThan(0);
    expect(after.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad "quote"\n' });
    expect(after.attributes.late).toBe(true);
  });

  it('redacts secret-named attributes and secret values, in spans and in the resource', () => {
    const { tracer, spans } = recordingTracer({ 'service.name': 'shop', 'db.password': 'hunter22' });
    tracer.startSpan('call sk-123456789', { attributes: { api_key: 'x', input: 'use sk-123456789' } });
    const data = parse(tracesToJson(spans, ['sk-123456789'])[0]!.json);
    const span = Object.values(data.spans)[0]!;
    expect(span.displayName).toBe('call [REDACTED]');
    expect(span.attributes).toEqual({ api_key: '[REDACTED]', input: 'use [REDACTED]' });
    expect(data.resource?.attributes).toEqual({ 'service.name': 'shop', 'db.password': '[REDACTED]' });
  });
});
