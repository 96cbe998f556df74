import { type Context, context, TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ExportError, isRetryable } from './export-error.js';
import { OpenSpans } from './open-spans.js';

export interface RealtimeSpanProcessorOptions {
  /**
   * How long a snapshot may wait to be batched with others, in ms. Default 20.
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
   * Every this many ms, re-export open spans whose attributes or events changed,
   * and one open span of every other live trace, so the server knows the run is
   * alive. Default 5 000; `0` turns it off.
   */
  heartbeatMs?: number;
  /** An export that has not answered in this many ms counts as failed. Default 30 000. */
  exportTimeoutMs?: number;
  /** Where problems are reported (each kind once, not per span). Default: `console.warn`. */
  onError?: (error: Error) => void;
}

const MAX_RETRY_DELAY_MS = 5_000;

/**
 * An OpenTelemetry `SpanProcessor` that exports a snapshot of each span when it
 * starts (no end time) and again, complete, when it ends.
 *
 * `onStart` and `onEnd` only put the span in an ordered set: no I/O, no awaits,
 * no throws. The set is flushed in small batches on a short timer, a bounded
 * number of exports at a time. A span that ends before its start snapshot was
 * flushed is sent once, complete. Snapshots are taken when a batch is exported.
 */
export class RealtimeSpanProcessor implements SpanProcessor {
  private readonly flushIntervalMs: number;
  private readonly maxBatchSize: number;
  private readonly maxQueueSize: number;
  private readonly maxConcurrentExports: number;
  private readonly heartbeatMs: number;
  private readonly exportTimeoutMs: number;
  private readonly onError: (error: Error) => void;

  /** Spans with an event not yet exported, in the order their first such event happened. */
  private pending = new Set<ReadableSpan>();
  /** Open spans, with what was last sent of them (heartbeat only). */
  private readonly open = new OpenSpans();
  private readonly inFlight = new Set<Promise<void>>();
  private flushTimer: NodeJS.Timeout | undefined;
  private flushScheduledNow = false;
  private readonly heartbeatTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = 0;
  private retryAt = 0;
  /** Exports started so far, and the number of the latest one that failed. */
  private exportCount = 0;
  private lastFailedExport = 0;
  private dropped = 0;
  private droppedReported = 0;
  /** In a spell of drops that was already reported; ends when an export succeeds with nothing left queued. */
  private dropping = false;
  private failing = false;
  private shutdownPromise: Promise<void> | undefined;

  constructor(
    private readonly exporter: SpanExporter,
    options: RealtimeSpanProcessorOptions = {},
  ) {
    this.flushIntervalMs = atLeast(0, options.flushIntervalMs ?? 20, 'flushIntervalMs');
    this.maxBatchSize = atLeast(1, options.maxBatchSize ?? 512, 'maxBatchSize');
    this.maxQueueSize = atLeast(1, options.maxQueueSize ?? 32_768, 'maxQueueSize');
    this.maxConcurrentExports = atLeast(1, options.maxConcurrentExports ?? 2, 'maxConcurrentExports');
    this.heartbeatMs = atLeast(0, options.heartbeatMs ?? 5_000, 'heartbeatMs');
    this.exportTimeoutMs = atLeast(1, options.exportTimeoutMs ?? 30_000, 'exportTimeoutMs');
    this.onError = options.onError ?? ((error) => console.warn(`[livespan] ${error.message}`));
    if (this.heartbeatMs > 0) {
      this.heartbeatTimer = setInterval(() => this.heartbeat(), this.heartbeatMs);
      this.heartbeatTimer.unref();
    }
  }

  /** Span events dropped because the queue was full, since the processor was made. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** Spans waiting to be exported. */
  get queueSize(): number {
    return this.pending.size;
  }

  onStart(span: Span, _parentContext: Context): void {
    if (this.shutdownPromise || !isSampled(span)) return;
    if (this.heartbeatMs > 0) this.open.add(span);
    this.enqueue(span);
  }

  onEnd(span: ReadableSpan): void {
    if (this.shutdownPromise || !isSampled(span)) return;
    if (this.heartbeatMs > 0) this.open.delete(span);
    this.enqueue(span);
  }

  /** Resolves once everything queued before the call, and every export in flight, is done. */
  async forceFlush(): Promise<void> {
    // Only a failure of an export this flush started means the server is down now: one that was already
    // in flight may have failed before the server came back, and must not make the flush give up.
    const firstOwnExport = this.exportCount + 1;
    while (this.pending.size > 0 || this.inFlight.size > 0) {
      this.retryAt = 0;
      this.pump();
      if (this.inFlight.size === 0) break;
      await Promise.race(this.inFlight);
      // The server is down: do not spin; what is queued stays queued.
      if (this.lastFailedExport >= firstOwnExport && this.pending.size > 0) break;
    }
    this.reportDrops();
    await this.exporter.forceFlush?.();
  }

  /** Flushes, then shuts the exporter down. Safe to call more than once. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      clearInterval(this.heartbeatTimer);
      await this.forceFlush();
      clearTimeout(this.flushTimer);
      this.open.clear();
      await this.exporter.shutdown();
    })();
    return this.shutdownPromise;
  }

  private enqueue(span: ReadableSpan): void {
    // Already waiting: the snapshot is taken at export time, so it will carry this event too.
    if (this.pending.has(span)) return;
    if (this.pending.size >= this.maxQueueSize) {
      this.dropped++;
      if (!this.dropping) {
        this.dropping = true;
        this.reportDrops();
      }
      return;
    }
    this.pending.add(span);
    this.schedule();
  }

  private schedule(): void {
    const retryWait = this.retryAt - Date.now();
    if (retryWait <= 0 && (this.flushIntervalMs === 0 || this.pending.size >= this.maxBatchSize)) {
      if (this.flushScheduledNow) return;
      this.flushScheduledNow = true;
      queueMicrotask(() => {
        this.flushScheduledNow = false;
        this.pump();
      });
      return;
    }
    if (this.flushTimer) return;
    const wait = Math.max(this.flushIntervalMs, retryWait);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.pump();
    }, wait);
    this.flushTimer.unref();
  }

  /** Starts exports while there is work and room for it. */
  private pump(): void {
    if (Date.now() < this.retryAt) {
      this.schedule();
      return;
    }
    const batchSize = this.flushIntervalMs === 0 ? 1 : this.maxBatchSize;
    // An export that fails at once sets retryAt, which must stop this loop too.
    while (
      this.pending.size > 0 &&
      this.inFlight.size < this.maxConcurrentExports &&
      Date.now() >= this.retryAt
    ) {
      const batch: ReadableSpan[] = [];
      for (const span of this.pending) {
        this.pending.delete(span);
        batch.push(span);
        if (batch.length >= batchSize) break;
      }
      this.export(batch);
    }
  }

  private export(batch: ReadableSpan[]): void {
    if (this.heartbeatMs > 0) {
      for (const span of batch) this.open.markSent(span);
    }
    const number = ++this.exportCount;
    const done = new Promise<void>((resolve) => {
      const timeout = setTimeout(
        () => finish({ code: ExportResultCode.FAILED, error: timeoutError(this.exportTimeoutMs) }),
        this.exportTimeoutMs,
      );
      timeout.unref();
      let finished = false;
      const finish = (result: ExportResult) => {
        if (finished) return;
        finished = true;
        clearTimeout(timeout);
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
    this.inFlight.add(done);
    void done.then(() => {
      this.inFlight.delete(done);
      if (this.pending.size > 0 && !this.shutdownPromise) this.schedule();
    });
  }

  private settle(batch: ReadableSpan[], result: ExportResult): void {
    if (result.code === ExportResultCode.SUCCESS) {
      // A spell of drops ends once the queue is delivered, not merely handed to an export that may fail.
      if (this.pending.size === 0) this.dropping = false;
      if (this.failing) {
        this.failing = false;
        this.onError(new Error('telemetry export recovered; sending queued spans'));
      }
      this.retryDelayMs = 0;
      this.retryAt = 0;
      return;
    }
    const error = result.error ?? new Error('export failed');
    if (!this.failing) {
      this.failing = true;
      this.onError(
        new Error(`telemetry export failed: ${error.message} (spans stay queued up to maxQueueSize)`),
      );
    }
    if (!isRetryable(error) || this.shutdownPromise) return;
    // Put the batch back in front of what came after it, and wait before trying again.
    const requeued = batch.filter((span) => !this.pending.has(span));
    const room = Math.max(0, this.maxQueueSize - this.pending.size);
    this.dropped += Math.max(0, requeued.length - room);
    this.pending = new Set([...requeued.slice(0, room), ...this.pending]);
    this.retryDelayMs = Math.min(MAX_RETRY_DELAY_MS, Math.max(100, this.retryDelayMs * 2));
    this.retryAt = Date.now() + this.retryDelayMs;
  }

  private heartbeat(): void {
    for (const span of this.open.due()) this.enqueue(span);
  }

  private reportDrops(): void {
    if (this.dropped === this.droppedReported) return;
    this.droppedReported = this.dropped;
    this.onError(
      new Error(
        `RealtimeSpanProcessor queue full (maxQueueSize ${this.maxQueueSize}): ${this.dropped} span events dropped so far`,
      ),
    );
  }
}

function isSampled(span: ReadableSpan): boolean {
  return (span.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

function timeoutError(ms: number): Error {
  return new ExportError(`export did not finish within ${ms} ms`, true);
}

function atLeast(min: number, value: number, name: string): number {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`RealtimeSpanProcessor: ${name} must be a number >= ${min}, got ${value}`);
  }
  return value;
}
