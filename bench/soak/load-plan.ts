import type { SpanData, TraceData } from '@livespan/tracing/wire';

/** One snapshot to send: a span's start (endTime 0) or its end. */
interface PlannedEvent {
  at: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTime: number;
  endTime: number;
}

/** Spans of each short trace: a root and 9 steps, about a second in all. */
const SHORT_TRACE_SPANS = 10;
/** Long-lived traces, one per trace stream: a root open all run, a 200 ms step every 50 ms. */
export const LONG_TRACES = 3;
const LONG_STEP_EVERY_MS = 50;
const BUCKET_MS = 10;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * The soak's workload, generated as time passes: `rate` spans per second in
 * all, each sent as a start snapshot and later an end snapshot. Events are
 * kept in 10 ms buckets, so a late tick still sends everything that is due.
 */
export class LoadPlan {
  readonly longTraceIds: string[];
  private readonly buckets = new Map<number, PlannedEvent[]>();
  private nextBucket: number;
  private shortDebt = 0;
  private traceSeq = 0;
  private spanSeq = 0;
  private plannedUntil: number;
  spansStarted = 0;

  constructor(
    start: number,
    private readonly rate: number,
    private readonly endAt: number,
  ) {
    this.nextBucket = Math.floor(start / BUCKET_MS);
    this.plannedUntil = start;
    this.longTraceIds = Array.from({ length: LONG_TRACES }, (_, i) => `${hex(i + 1, 8)}`.padEnd(32, 'e'));
    for (const traceId of this.longTraceIds) {
      this.span(traceId, hex(0xffff, 16), undefined, 'long-running flow', start, endAt);
    }
  }

  /** Plans up to `until` and returns every snapshot due by then, as Genkit TraceData per trace. */
  due(until: number, sentAt: number): { traces: TraceData[]; spans: number } {
    this.plan(Math.min(until, this.endAt));
    const byTrace = new Map<string, TraceData>();
    let spans = 0;
    const last = Math.floor(until / BUCKET_MS);
    for (; this.nextBucket <= last; this.nextBucket++) {
      const events = this.buckets.get(this.nextBucket);
      if (!events) continue;
      this.buckets.delete(this.nextBucket);
      for (const event of events) {
        const snapshot = toSpanData(event, event.at >= event.endTime ? event.endTime : 0, sentAt);
        let trace = byTrace.get(event.traceId);
        if (!trace) {
          trace = { traceId: event.traceId, spans: {} };
          byTrace.set(event.traceId, trace);
        }
        trace.spans[event.spanId] = snapshot;
        spans++;
      }
    }
    return { traces: [...byTrace.values()], spans };
  }

  private plan(until: number): void {
    const longRate = (LONG_TRACES * 1000) / LONG_STEP_EVERY_MS;
    const shortTracesPerMs = Math.max(0, this.rate - longRate) / SHORT_TRACE_SPANS / 1000;
    let t = this.plannedUntil;
    for (; t < until; t += BUCKET_MS) {
      if (Math.floor(t / LONG_STEP_EVERY_MS) !== Math.floor((t + BUCKET_MS) / LONG_STEP_EVERY_MS)) {
        for (const traceId of this.longTraceIds) {
          this.span(traceId, hex(++this.spanSeq, 16), hex(0xffff, 16), 'step', t, t + 200);
        }
      }
      this.shortDebt += shortTracesPerMs * BUCKET_MS;
      for (; this.shortDebt >= 1; this.shortDebt--) this.shortTrace(t);
    }
    // Whole buckets only: the next call goes on where this one stopped, so no time is planned twice.
    this.plannedUntil = t;
  }

  private shortTrace(t: number): void {
    const traceId = hex(++this.traceSeq, 16).padStart(32, 'a');
    const root = hex(++this.spanSeq, 16);
    this.span(traceId, root, undefined, 'flow', t, t + 1_000);
    for (let i = 0; i < SHORT_TRACE_SPANS - 1; i++) {
      const begin = t + 5 + i * 100;
      this.span(traceId, hex(++this.spanSeq, 16), root, `step ${i}`, begin, begin + 90);
    }
  }

  private span(
    traceId: string,
    spanId: string,
    parent: string | undefined,
    name: string,
    start: number,
    end: number,
  ) {
    this.spansStarted++;
    const base = {
      traceId,
      spanId,
      name,
      startTime: start,
      endTime: end,
      ...(parent && { parentSpanId: parent }),
    };
    this.push({ ...base, at: start });
    this.push({ ...base, at: end });
  }

  private push(event: PlannedEvent): void {
    const bucket = Math.max(this.nextBucket, Math.floor(event.at / BUCKET_MS));
    const list = this.buckets.get(bucket);
    if (list) list.push(event);
    else this.buckets.set(bucket, [event]);
  }
}

function toSpanData(event: PlannedEvent, endTime: number, sentAt: number): SpanData {
  return {
    traceId: event.traceId,
    spanId: event.spanId,
    ...(event.parentSpanId && { parentSpanId: event.parentSpanId }),
    startTime: event.startTime,
    endTime,
    attributes: { 'genkit:name': event.name, 'genkit:type': 'action', 'bench.sentAt': sentAt },
    displayName: event.name,
    instrumentationLibrary: { name: 'livespan-soak' },
    spanKind: 'INTERNAL',
  };
}
