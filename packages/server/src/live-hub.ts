import { formatSseComment, formatSseFrame } from './sse-frame.js';

export interface LiveHubOptions {
  /** Events kept for `Last-Event-ID` resume, across all channels. Default 10 000. */
  replaySize?: number;
  /** Interval of `: keep-alive` comments, in ms. Default 15 000. */
  keepAliveMs?: number;
  /** Bytes a subscriber may have pending before it is cut off. Default 8 MiB. */
  maxPendingBytes?: number;
  /** Id of the first event minus one. Default `Date.now() * 1000`, so ids keep rising across restarts. */
  firstEventId?: number;
}

/** One subscriber's view of a channel; `stream` is the SSE response body. */
export interface Subscription {
  readonly stream: ReadableStream<Uint8Array>;
  /** True when the missed events were replayed from `Last-Event-ID`; else the caller sends a snapshot. */
  readonly resumed: boolean;
  /** The id to give a snapshot: every later event has a greater id. */
  readonly snapshotId: number;
  /** Starts delivery: `first` (a snapshot frame) goes out before any event published since subscribing. */
  start(first?: string): void;
  /** Called once if the hub cuts this subscriber off (slow client or hub closed). */
  onEnd?: (reason: 'slow' | 'closed') => void;
}

interface Entry {
  id: number;
  channel: string;
  event: string;
  data: unknown;
  /** Formatted on first use: most events are never streamed or replayed. */
  frame?: string;
}

function frameOf(entry: Entry): string {
  entry.frame ??= formatSseFrame({ id: entry.id, event: entry.event, data: JSON.stringify(entry.data) });
  return entry.frame;
}

const encoder = new TextEncoder();

/**
 * Largest piece of a frame handed to the response at once. The rest stays
 * with the subscriber, where it counts against `maxPendingBytes`: a reader
 * that stops reading holds at most one piece in the socket, not a whole
 * 10 MB snapshot, and the keep-alive tick can still see and cut it off.
 */
const DELIVERY_PIECE_CHARS = 64 * 1024;

/** True when `frames` may be queued at once: like `push`, a first frame of any size and `limit` more. */
function fitsBacklog(frames: readonly string[], limit: number): boolean {
  let bytes = 0;
  for (let i = 1; i < frames.length; i++) bytes += frames[i]!.length;
  return bytes <= limit;
}

/**
 * Fans live events out to SSE subscribers. Ids are server-wide and strictly
 * increasing; a bounded ring of recent events serves `Last-Event-ID`
 * resumes. Each subscriber has a bounded queue and is pulled by its
 * response, so a slow client is cut off instead of buffering without bound.
 */
export class LiveHub {
  private lastId: number;
  private readonly ring: Array<Entry | undefined>;
  private ringStart = 0;
  private ringLength = 0;
  private readonly channels = new Map<string, Set<Subscriber>>();
  private readonly keepAlive: NodeJS.Timeout;
  private readonly maxPendingBytes: number;
  private closed = false;

  constructor(options: LiveHubOptions = {}) {
    this.lastId = options.firstEventId ?? Date.now() * 1000;
    this.ring = new Array(options.replaySize ?? 10_000);
    this.maxPendingBytes = options.maxPendingBytes ?? 8 * 2 ** 20;
    const comment = formatSseComment('keep-alive');
    this.keepAlive = setInterval(() => {
      for (const subscribers of this.channels.values()) {
        for (const s of [...subscribers]) {
          s.cutOffIfStalled();
          s.push(comment);
        }
      }
    }, options.keepAliveMs ?? 15_000);
    this.keepAlive.unref();
  }

  /** Id of the latest event. */
  get currentId(): number {
    return this.lastId;
  }

  /** Subscribers on a channel, or on all channels. */
  subscriberCount(channel?: string): number {
    if (channel !== undefined) return this.channels.get(channel)?.size ?? 0;
    let count = 0;
    for (const subscribers of this.channels.values()) count += subscribers.size;
    return count;
  }

  /**
   * Publishes `data` as an `event` on a channel; returns its id. `data` is
   * serialized as JSON when first streamed, so it must not change afterwards.
   */
  publish(channel: string, event: string, data: unknown): number {
    return this.append(this.lastId + 1, channel, event, data);
  }

  /**
   * Publishes an event under an id given from outside (a shared database's
   * sequence), for hubs that relay events between server instances. Ids may
   * have gaps; one not above the latest is ignored. Returns the latest id.
   */
  protected append(id: number, channel: string, event: string, data: unknown): number {
    if (!(id > this.lastId)) return this.lastId;
    this.lastId = id;
    const entry: Entry = { id, channel, event, data };
    const capacity = this.ring.length;
    if (capacity > 0) {
      this.ring[(this.ringStart + this.ringLength) % capacity] = entry;
      if (this.ringLength < capacity) this.ringLength++;
      else this.ringStart = (this.ringStart + 1) % capacity;
    }
    const subscribers = this.channels.get(channel);
    if (subscribers) for (const subscriber of subscribers) subscriber.push(frameOf(entry));
    return id;
  }

  /**
   * Subscribes to a channel. Call before reading any snapshot, so nothing
   * published meanwhile is lost. With a `lastEventId` still in the replay
   * ring, the missed events are queued and `resumed` is true.
   */
  subscribe(channel: string, lastEventId?: string): Subscription {
    if (this.closed) throw new Error('live hub is closed');
    const subscriber = new Subscriber(this.maxPendingBytes, this.lastId, () =>
      this.remove(channel, subscriber),
    );
    const missed = this.replay(channel, lastEventId);
    // Missed events that would overflow the backlog would end the stream before its first byte
    // (a 200 with an empty body); such a client gets a fresh snapshot instead.
    if (missed && fitsBacklog(missed, this.maxPendingBytes)) {
      subscriber.resumed = true;
      for (const frame of missed) subscriber.push(frame);
      subscriber.start();
    }
    const set = this.channels.get(channel) ?? new Set();
    this.channels.set(channel, set.add(subscriber));
    return subscriber;
  }

  /** Ends every stream and stops the keep-alive timer. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    for (const subscribers of [...this.channels.values()]) for (const s of [...subscribers]) s.end('closed');
    this.channels.clear();
  }

  private remove(channel: string, subscriber: Subscriber): void {
    const set = this.channels.get(channel);
    set?.delete(subscriber);
    if (set?.size === 0) this.channels.delete(channel);
  }

  /** Frames after `lastEventId` on `channel`, or undefined when they are not all in the ring. */
  private replay(channel: string, lastEventId: string | undefined): string[] | undefined {
    if (lastEventId === undefined || !/^\d+$/.test(lastEventId.trim())) return undefined;
    const last = Number(lastEventId);
    const oldest = this.ringLength > 0 ? this.ring[this.ringStart]!.id : this.lastId + 1;
    if (last > this.lastId || last < oldest - 1) return undefined;
    const frames: string[] = [];
    // At most `lastId - last` entries are newer; with gaps in the ids (appended ones) fewer, hence the id check.
    for (let i = this.ringLength - Math.min(this.ringLength, this.lastId - last); i < this.ringLength; i++) {
      const entry = this.ring[(this.ringStart + i) % this.ring.length]!;
      if (entry.id > last && entry.channel === channel) frames.push(frameOf(entry));
    }
    return frames;
  }
}

class Subscriber implements Subscription {
  readonly stream: ReadableStream<Uint8Array>;
  resumed = false;
  onEnd?: (reason: 'slow' | 'closed') => void;
  /** The undelivered rest of the text being delivered: the snapshot, or frames already joined. */
  private head = '';
  /** Whole frames queued behind `head`. */
  private pending: string[] = [];
  private pendingBytes = 0;
  private pulledSinceTick = false;
  private started = false;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly maxPendingBytes: number,
    readonly snapshotId: number,
    private readonly detach: () => void,
  ) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        pull: (controller) => this.pull(controller),
        cancel: () => {
          this.ended = true;
          this.detach();
        },
      },
      // Pull only when the response asks, so the pending queue (not the stream) holds the backlog.
      { highWaterMark: 0 },
    );
  }

  start(first?: string): void {
    if (this.ended) return;
    // The snapshot goes first, ahead of the events published since subscribing.
    if (first !== undefined) this.head = first + this.head;
    this.started = true;
    this.wake?.();
  }

  /**
   * Queues a frame. The first frame waiting may be of any size (it is
   * delivered in pieces), so a reader that keeps up never loses a big event;
   * one that has fallen behind is cut off once the frames behind that first
   * one pass `maxPendingBytes`.
   */
  push(frame: string): void {
    if (this.ended) return;
    this.pending.push(frame);
    this.pendingBytes += frame.length;
    if (this.pendingBytes - this.pending[0]!.length > this.maxPendingBytes) this.end('slow');
    else if (this.started) this.wake?.();
  }

  /**
   * Called on each keep-alive tick: a reader that has not taken a piece
   * since the last tick while holding more than `maxPendingBytes` (the
   * snapshot counted too) is cut off, so a stalled reader of a big trace
   * frees its memory within two keep-alive intervals.
   */
  cutOffIfStalled(): void {
    const held = this.head.length + this.pendingBytes;
    if (this.started && !this.pulledSinceTick && held > this.maxPendingBytes) this.end('slow');
    this.pulledSinceTick = false;
  }

  end(reason: 'slow' | 'closed'): void {
    if (this.ended) return;
    this.ended = true;
    this.head = '';
    this.pending = [];
    this.pendingBytes = 0;
    this.detach();
    this.wake?.();
    this.onEnd?.(reason);
  }

  private pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> | undefined {
    this.pulledSinceTick = true;
    if (this.deliver(controller)) return undefined;
    return new Promise((resolve) => {
      this.wake = () => {
        if (this.deliver(controller)) {
          this.wake = undefined;
          resolve();
        }
      };
    });
  }

  /** Enqueues the next piece, or closes an ended stream; false when there is nothing to do yet. */
  private deliver(controller: ReadableStreamDefaultController<Uint8Array>): boolean {
    if (this.ended) {
      controller.close();
      return true;
    }
    if (!this.started) return false;
    if (this.head === '') {
      if (this.pending.length === 0) return false;
      this.head = this.pending.join('');
      this.pending = [];
      this.pendingBytes = 0;
    }
    let end = Math.min(this.head.length, DELIVERY_PIECE_CHARS);
    // Each piece is encoded on its own, so never split a surrogate pair across two.
    const last = this.head.charCodeAt(end - 1);
    if (end < this.head.length && last >= 0xd800 && last <= 0xdbff) end--;
    const piece = this.head.slice(0, end);
    this.head = this.head.slice(end);
    controller.enqueue(encoder.encode(piece));
    return true;
  }
}
