import type { Span } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { OpenSpans } from './open-spans.js';
import { makeTracer } from './test-support/tracer.js';

const setup = makeTracer(new SimpleSpanProcessor(new InMemorySpanExporter()));
afterAll(() => setup.close());

/** The SDK's spans are readable spans too. */
const readable = (span: Span) => span as unknown as ReadableSpan;

function sent(open: OpenSpans, spans: Span[]): void {
  for (const span of spans) open.markSent(readable(span));
}

describe('OpenSpans', () => {
  const { tracer } = setup;

  it('tracks a span from its first export until it is deleted', () => {
    const open = new OpenSpans();
    const span = tracer.startSpan('open');
    sent(open, [span]);
    expect(open.size).toBe(1);
    open.delete(readable(span));
    expect(open.size).toBe(0);
  });

  it('does not track a span that ended before it was exported', () => {
    const open = new OpenSpans();
    const span = tracer.startSpan('short');
    span.end();
    sent(open, [span]);
    expect(open.size).toBe(0);
    expect(open.due()).toEqual([]);
  });

  it('picks spans whose attributes, events or name changed since they were sent', () => {
    const open = new OpenSpans();
    const root = tracer.startSpan('root');
    const parent = trace.setSpan(context.active(), root);
    const [a, b, c, quiet] = ['a', 'b', 'c', 'quiet'].map((name) => tracer.startSpan(name, {}, parent));
    sent(open, [a!, b!, c!, quiet!]);
    a!.setAttribute('progress', 1);
    b!.addEvent('tick');
    c!.updateName('c2');
    expect(open.due()).toEqual([a, b, c]);
  });

  it('lists as changed exactly the spans whose attributes, events, links, name or status changed', () => {
    const open = new OpenSpans();
    const names = ['attribute', 'event', 'link', 'name', 'status', 'quiet'];
    const [attribute, event, link, name, status, quiet] = names.map((n) => tracer.startSpan(n));
    sent(open, [attribute!, event!, link!, name!, status!, quiet!]);
    expect(open.changed()).toEqual([]);
    attribute!.setAttribute('progress', 0.5);
    event!.addEvent('chunk');
    link!.addLink({ context: quiet!.spanContext() });
    name!.updateName('renamed');
    status!.setStatus({ code: 2, message: 'failed' });
    expect(open.changed()).toEqual([attribute, event, link, name, status]);
    open.markSent(readable(attribute!));
    expect(open.changed()).toEqual([event, link, name, status]);
  });

  it('picks one unchanged span per otherwise quiet trace, as a sign of life', () => {
    const open = new OpenSpans();
    const first = tracer.startSpan('first');
    const sibling = tracer.startSpan('sibling', {}, trace.setSpan(context.active(), first));
    const other = tracer.startSpan('other-trace');
    sent(open, [first, sibling, other]);
    expect(open.due()).toEqual([first, other]);
    open.delete(readable(first));
    expect(open.due()).toEqual([sibling, other]);
  });

  it('needs no sign of life from a trace that sent a snapshot since the quiet point', () => {
    const open = new OpenSpans();
    const before = Date.now() - 1;
    const active = tracer.startSpan('active');
    sent(open, [active]);
    expect(open.due(before)).toEqual([]);
    expect(open.due(Date.now() + 1)).toEqual([active]);
  });

  it('does not count a sign of life as activity, so a quiet trace gets one on every beat', () => {
    const open = new OpenSpans();
    const quiet = tracer.startSpan('quiet');
    sent(open, [quiet]);
    const sentAt = Date.now();
    while (Date.now() < sentAt + 2); // the clock moves on before the beat
    const beat = Date.now() - 1;
    expect(open.due(beat)).toEqual([quiet]);
    open.markSent(readable(quiet)); // the sign of life goes out after the beat
    expect(open.due(beat)).toEqual([quiet]);
  });
});
