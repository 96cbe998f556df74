/**
 * Counts spans that did not reach the server, and reports each kind of
 * trouble through `onError` once per spell, not once per span.
 */
export class DeliveryAccounting {
  private dropped = 0;
  private droppedReported = 0;
  /** In a spell of drops that was already reported; ends when an export succeeds with nothing left queued. */
  private dropping = false;
  private failing = false;
  private failed = 0;
  private failedReported = false;

  constructor(
    private readonly maxQueueSize: number,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Span events dropped because the queue was full. */
  get droppedCount(): number {
    return this.dropped;
  }

  /** Spans failed for good: rejected by the server, or their export never answered. */
  get failedCount(): number {
    return this.failed;
  }

  /** `count` span events found no room in the queue. */
  drop(count = 1): void {
    if (count <= 0) return;
    this.dropped += count;
    if (!this.dropping) {
      this.dropping = true;
      this.reportDrops();
    }
  }

  /** Reports the drops not reported yet, if any. */
  reportDrops(): void {
    if (this.dropped === this.droppedReported) return;
    this.droppedReported = this.dropped;
    this.onError(
      new Error(
        `RealtimeSpanProcessor queue full (maxQueueSize ${this.maxQueueSize}): ${this.dropped} span events dropped so far`,
      ),
    );
  }

  /** An export succeeded; `queueEmpty` when nothing else waits, which ends a spell of drops. */
  exportSucceeded(queueEmpty: boolean): void {
    // A spell of drops ends once the queue is delivered, not merely handed to an export that may fail.
    if (queueEmpty) this.dropping = false;
    if (this.failing) {
      this.failing = false;
      this.onError(new Error('telemetry export recovered; sending queued spans'));
    }
  }

  /** An export failed in a way a later attempt may fix; its spans go back in the queue. */
  exportFailedForNow(error: Error): void {
    if (this.failing) return;
    this.failing = true;
    this.onError(
      new Error(`telemetry export failed: ${error.message} (spans stay queued up to maxQueueSize)`),
    );
  }

  /** An export of `count` spans failed in a way no retry can fix; they are not sent again. */
  exportFailedForGood(error: Error, count: number): void {
    this.failed += count;
    if (this.failedReported) return;
    this.failedReported = true;
    this.onError(
      new Error(`telemetry export failed for good, not retried: ${error.message} (${count} spans)`),
    );
  }

  /** A flush or shutdown ended with spans still queued or unanswered. */
  reportUndelivered(queued: number, unanswered: number, why: string): void {
    if (queued + unanswered === 0) return;
    this.onError(
      new Error(
        `telemetry ${why}: ${queued + unanswered} spans not delivered (${queued} queued, ${unanswered} sent but unanswered)`,
      ),
    );
  }
}
