import { type Context, context, TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Backoff } from './backoff.js';
import { Deadline } from './deadline.js';
import { DeliveryAccounting } from './delivery-accounting.js';
import { ExportError, isRetryable } from './export-error.js';
import { OpenSpans } from './open-spans.js';
import { ProcessorTimers } from './processor-timers.js';
import type { RealtimeAwareExporter } from './realtime-aware-exporter.js';

export interface RealtimeSpanProcessorOptions {
  /**
   * Longest a snapshot waits, in ms, while an export is in flight, before it
   * goes in another export (when `maxConcurrentExports` leaves room). With no
   * export in flight a snapshot goes at once; while one is in flight, snapshots
   * gather and go together when it finishes. After a large batch (a busy app),
   * the next one fills for up to this long, or to `maxBatchSize`, even with
   * nothing in flight. Default 20.
   * `0` exports each event at once, in a batch of its own, as the seed describes.
   */
  flushIntervalMs?: number;
  /** Most snapshots in one export; a full batch is flushed without waiting. Default 512. */
  maxBatchSize?: number;
  /** Most spans waiting to be exported; events past it are dropped and counted. Default 32 768. */
  maxQueueSize?: number;
  /** Exports in flight at once; more events wait in the queue. Default 2. */
  maxConcurrentExports?: number;
  /**
   * Every this many ms, while spans are open, re-export those whose attributes,
   * events, links, name or status changed since their last export, through the
   * same queue as every other snapshot. So a change reaches the server within
   * about this long, and one span is re-sent at most this often however fast
   * it changes. Default 200; `0` turns it off (changes then wait for the heartbeat).
   */
  liveUpdateMs?: number;
  /**
   * Every this many ms, re-export one open span of every trace that sent
   * nothing else meanwhile, so the server knows the run is alive (and, with
   * `liveUpdateMs` 0, the spans that changed). Default 5 000; `0` turns it off.
   */
  heartbeatMs?: number;
  /**
   * Longest `forceFlush()` or `shutdown()` may take, in ms, whatever the server
   * does (refuses, hangs, answers slowly). What is not delivered by then is
   * reported once through `onError`, with counts; at shutdown, requests still
   * in flight are abandoned. Default 3 000.
   */
  flushTimeoutMs?: number;
  /**
   * An export whose exporter has not called back in this many ms frees its
   * place; its spans are counted as failed and not sent again (the exporter
   * may still be sending them). A guard against exporters that never answer:
   * `TelemetryServerSpanExporter` gives up on a request sooner (`timeoutMs`).
   * Default 30 000.
   */
  exportTimeoutMs?: number;
  /** Where problems are reported (each kind once, not per span). Default: `console.warn`. */
  onError?: (error: Error) => void;
}

/**
 * An OpenTelemetry `SpanProcessor` that exports a snapshot of each span when it
 * starts (no end time), again while it changes, and complete when it ends.
 *
 * `onStart` and `onEnd` only put the span in an ordered set: no I/O, no awaits,
 * no throws. When no export is in flight the set is exported at once (on a
 * microtask, so the events of one synchronous stretch of app code travel
 * together); while exports are in flight, events gather and go in one batch
 * when an export finishes, or after `flushIntervalMs` if there is room for
 * another; after a large batch, the next fills for up to `flushIntervalMs`.
 * So a quiet app pays no batching delay and a busy one sends few, large
 * requests, however fast the server answers. A span that
 * ends before its start snapshot was flushed is sent once, complete.
 * Snapshots are taken when a batch is exported.
 *
 * The processor alone retries: a retryable failure puts the batch back in the
 * queue after a backoff; the exporter makes one attempt per export.
 */
export class RealtimeSpanProcessor implements SpanProcessor {
  private readonly flushIntervalMs: number;
  private readonly maxBatchSize: number;
  private readonly maxQueueSize: number;
  private readonly maxConcurrentExports: number;
  private readonly liveUpdateMs: number;
  private readonly heartbeatMs: number;
  private readonly flushTimeoutMs: number;
  private readonly exportTimeoutMs: number;

  /** Spans with an event not yet exported, in the order their first such event happened. */
  private pending = new Set<ReadableSpan>();
  /** Open spans, with what was last sent of them (live updates and heartbeat). */
  private readonly open = new OpenSpans();
  /** Exports in flight, with the number of spans each carries. */
  private readonly inFlight = new Map<Promise<void>, number>();
  private readonly backoff = new Backoff();
  private readonly accounting: DeliveryAccounting;
  private readonly timers = new ProcessorTimers();
  /** Exports started so far, and the number of the latest one that failed. */
  private exportCount = 0;
  private lastFailedExport = 0;
  private shutdownPromise: Promise<void> | undefined;
  /** Shutdown gave up on the exports in flight; they were reported as not delivered. */
  private abandoned = false;
  /**
   * The last export carried a large batch: events came faster than the server answered, so the
   * app is busy and the next export waits up to `flushIntervalMs` to fill, rather than going as
   * soon as nothing is in flight (a fast server would otherwise get many small requests).
   */
  private busy = false;
  /** `pump` and `liveUpdate`, made once: they are passed on every span event, and a closure per call is garbage per span. */
  private readonly pumpLater = () => this.pump();
  private readonly liveUpdateLater = () => this.liveUpdate();

  constructor(
    private readonly exporter: SpanExporter & RealtimeAwareExporter,
    options: RealtimeSpanProcessorOptions = {},
  ) {
    this.flushIntervalMs = atLeast(0, options.flushIntervalMs ?? 20, 'flushIntervalMs');
    this.maxBatchSize = atLeast(1, options.maxBatchSize ?? 512, 'maxBatchSize');
    this.maxQueueSize = atLeast(1, options.maxQueueSize ?? 32_768, 'maxQueueSize');
    this.maxConcurrentExports = atLeast(1, options.maxConcurrentExports ?? 2, 'maxConcurrentExports');
    this.liveUpdateMs = atLeast(0, options.liveUpdateMs ?? 200, 'liveUpdateMs');
    this.heartbeatMs = atLeast(0, options.heartbeatMs ?? 5_000, 'heartbeatMs');
    this.flushTimeoutMs = atLeast(1, options.flushTimeoutMs ?? 3_000, 'flushTimeoutMs');
    this.exportTimeoutMs = atLeast(1, options.exportTimeoutMs ?? 30_000, 'exportTimeoutMs');
    const onError = options.onError ?? ((error) => console.warn(`[livespan] ${error.message}`));
    this.accounting = new DeliveryAccounting(this.maxQueueSize, onError);
    if (this.heartbeatMs > 0) this.timers.every('heartbeat', this.heartbeatMs, () => this.heartbeat());
    exporter.useRealtimeMode?.({ realtime: true, heartbeatMs: this.heartbeatMs });
  }

  /** Span events dropped because the queue was full, since the processor was made. */
  get droppedCount(): number {
    return this.accounting.droppedCount;
  }

  /** Spans failed for good (rejected by the server, or their export never answered): not sent again. */
  get failedCount(): number {
    return this.accounting.failedCount;
  }

  /** Spans waiting to be exported. */
  get queueSize(): number {
    return this.pending.size;
  }

  onStart(span: Span, _parentContext: Context): void {
    if (this.shutdownPromise || !isSampled(span)) return;
    this.enqueue(span);
  }

  onEnd(span: ReadableSpan): void {
    if (this.shutdownPromise || !isSampled(span)) return;
    // Most spans of a busy app ended before their start went out, and were never tracked.
    if (this.open.size > 0) this.open.delete(span);
    this.enqueue(span);
  }

  /**
   * Resolves once everything queued before the call, and every export in
   * flight, is done; or once an export of its own failed (the server is down:
   * what is queued stays queued); or after `flushTimeoutMs`, whichever comes first.
   */
  async forceFlush(): Promise<void> {
    const deadline = new Deadline(this.flushTimeoutMs);
    try {
      await this.flushWithin(deadline, 'flush');
    } finally {
      deadline.cancel();
    }
  }

  /** Flushes, then shuts the exporter down, all within `flushTimeoutMs`. Safe to call more than once. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      this.timers.stopAll();
      const deadline = new Deadline(this.flushTimeoutMs);
      try {
        const complete = await this.flushWithin(deadline, 'shutdown');
        this.open.clear();
        // Past the deadline nothing more may be waited for: stop what is still being sent.
        if (!complete) {
          this.abandoned = true;
          this.exporter.abort?.();
        }
        await deadline.race(this.exporter.shutdown());
      } finally {
        this.timers.stopAll();
        deadline.cancel();
      }
    })();
    return this.shutdownPromise;
  }

  private get tracksOpenSpans(): boolean {
    return this.liveUpdateMs > 0 || this.heartbeatMs > 0;
  }

  /** Flushes until done or `deadline`; reports what was not delivered. Resolves `true` when nothing is left in flight. */
  private async flushWithin(deadline: Deadline, why: 'flush' | 'shutdown'): Promise<boolean> {
    const drained = await deadline.race(this.drain(deadline));
    this.accounting.reportDrops();
    const exporterDone = drained && (await deadline.race(this.exporter.forceFlush?.() ?? Promise.resolve()));
    const unanswered = [...this.inFlight.values()].reduce((sum, count) => sum + count, 0);
    const reason = deadline.isPast ? `${why} deadline of ${deadline.ms} ms passed` : `${why} ended`;
    this.accounting.reportUndelivered(this.pending.size, unanswered, reason);
    return exporterDone && this.inFlight.size === 0;
  }

  private async drain(deadline: Deadline): Promise<void> {
    // Only a failure of an export this flush started means the server is down now: one that was already
    // in flight may have failed before the server came back, and must not make the flush give up.
    const firstOwnExport = this.exportCount + 1;
    while ((this.pending.size > 0 || this.inFlight.size > 0) && !deadline.isPast) {
      this.backoff.retryNow();
      this.pump();
      if (this.inFlight.size === 0) break;
      await Promise.race(this.inFlight.keys());
      if (this.lastFailedExport >= firstOwnExport && this.pending.size > 0) break;
    }
  }

  private enqueue(span: ReadableSpan): void {
    // Already waiting: the snapshot is taken at export time, so it will carry this event too.
    if (this.pending.has(span)) return;
    if (this.pending.size >= this.maxQueueSize) {
      this.accounting.drop();
      return;
    }
    this.pending.add(span);
    this.schedule();
  }

  private schedule(): void {
    const retryWait = this.backoff.waitMs();
    const sendNow =
      (this.inFlight.size === 0 && !this.busy) ||
      this.flushIntervalMs === 0 ||
      this.pending.size >= this.maxBatchSize;
    if (retryWait === 0 && sendNow) {
      this.timers.soon(this.pumpLater);
      return;
    }
    this.timers.once('flush', Math.max(this.flushIntervalMs, retryWait), this.pumpLater);
  }

  /** Starts exports while there is work and room for it. */
  private pump(): void {
    if (this.backoff.waitMs() > 0) {
      this.schedule();
      return;
    }
    const batchSize = this.flushIntervalMs === 0 ? 1 : this.maxBatchSize;
    // An export that fails at once starts a backoff, which must stop this loop too.
    while (
      this.pending.size > 0 &&
      this.inFlight.size < this.maxConcurrentExports &&
      this.backoff.waitMs() === 0
    ) {
      const batch = this.takeBatch(batchSize);
      this.busy = batch.length >= BUSY_BATCH_SIZE;
      this.export(batch);
    }
  }

  /** The first `size` pending spans, taken out of the queue. */
  private takeBatch(size: number): ReadableSpan[] {
    if (this.pending.size <= size) {
      // All of it: a fresh set, as deleting entry by entry makes the set shrink (reallocate) again and again.
      const batch = Array.from(this.pending);
      this.pending = new Set();
      return batch;
    }
    const batch: ReadableSpan[] = [];
    if (this.pending.size < 2 * size) {
      // A little over a batch (a busy app): copying the few left into a fresh set costs less than
      // deleting the batch's spans one by one (~3× in a micro-bench).
      const rest = new Set<ReadableSpan>();
      for (const span of this.pending) {
        if (batch.length < size) batch.push(span);
        else rest.add(span);
      }
      this.pending = rest;
      return batch;
    }
    // A long queue (a burst while an export is in flight): copying it for every batch would cost the
    // square of its length, so the batch's spans are deleted instead.
    for (const span of this.pending) {
      batch.push(span);
      if (batch.length === size) break;
    }
    for (const span of batch) this.pending.delete(span);
    return batch;
  }

  private export(batch: ReadableSpan[]): void {
    if (this.tracksOpenSpans) {
      for (const span of batch) this.open.markSent(span);
      if (this.liveUpdateMs > 0 && this.open.size > 0) {
        this.timers.every('live', this.liveUpdateMs, this.liveUpdateLater);
      }
    }
    const number = ++this.exportCount;
    const done = new Promise<void>((resolve) => {
      const watchdog = setTimeout(() => finish(neverAnswered(this.exportTimeoutMs)), this.exportTimeoutMs);
      watchdog.unref();
      let finished = false;
      const finish = (result: ExportResult) => {
        if (finished) return;
        finished = true;
        clearTimeout(watchdog);
        if (result.code !== ExportResultCode.SUCCESS) this.lastFailedExport = number;
        this.settle(batch, result);
        resolve();
      };
      context.with(suppressTracing(context.active()), () => {
        try {
          this.exporter.export(batch, finish);
        } catch (error) {
          finish({
            code: ExportResultCode.FAILED,
            error: error instanceof Error ? error : new Error(String(error)),
          });
        }
      });
    });
    this.inFlight.set(done, batch.length);
    void done.then(() => {
      this.inFlight.delete(done);
      // What gathered while this export was in flight goes now, or when the app is busy once
      // `flushIntervalMs` passed (after a backoff, if one started).
      if (this.pending.size > 0 && !this.shutdownPromise) this.schedule();
    });
  }

  private settle(batch: ReadableSpan[], result: ExportResult): void {
    if (this.abandoned) return;
    if (result.code === ExportResultCode.SUCCESS) {
      this.accounting.exportSucceeded(this.pending.size === 0);
      this.backoff.succeeded();
      return;
    }
    const error = result.error ?? new Error('export failed');
    if (!isRetryable(error)) {
      this.accounting.exportFailedForGood(error, batch.length);
      return;
    }
    this.accounting.exportFailedForNow(error);
    // Put the batch back in front of what came after it, and wait before trying again.
    const requeued = batch.filter((span) => !this.pending.has(span));
    const room = Math.max(0, this.maxQueueSize - this.pending.size);
    this.accounting.drop(requeued.length - room);
    this.pending = new Set([...requeued.slice(0, room), ...this.pending]);
    this.backoff.failed();
  }

  private liveUpdate(): void {
    // Stopped here rather than when the last span ends: an app that runs flow after flow would
    // otherwise start and stop the timer for each one.
    if (this.open.size === 0) this.timers.stop('live');
    for (const span of this.open.changed()) this.enqueue(span);
  }

  private heartbeat(): void {
    // Traces that sent a snapshot since the last beat (a live update, a new span) need no sign of life.
    for (const span of this.open.due(Date.now() - this.heartbeatMs)) this.enqueue(span);
  }
}

/**
 * A batch this large means the app is busy. A quiet app (a person watching a flow, even at 1 000
 * spans/s) sends one or two events per export; a burst sends hundreds.
 */
const BUSY_BATCH_SIZE = 64;

function isSampled(span: ReadableSpan): boolean {
  return (span.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

function neverAnswered(ms: number): ExportResult {
  const error = new ExportError(
    `exporter did not answer within ${ms} ms; its spans are not sent again, as it may still be sending them`,
    false,
  );
  return { code: ExportResultCode.FAILED, error };
}

function atLeast(min: number, value: number, name: string): number {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`RealtimeSpanProcessor: ${name} must be a number >= ${min}, got ${value}`);
  }
  return value;
}
