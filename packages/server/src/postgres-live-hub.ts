import pg from 'pg';
import { LiveHub, type LiveHubOptions } from './live-hub.js';
import type { Logger } from './logger.js';
import {
  EVENTS_CHANNEL,
  EVENTS_PER_ROW,
  eventJson,
  eventRows,
  INSERT_OUTBOX,
  OUTBOX_CHANNEL,
  RELAY_OUTBOX,
  relayMayHaveMore,
} from './postgres-live-events.js';

/** Events inserted in one transaction at most. */
const PUBLISH_BATCH = 5 * EVENTS_PER_ROW;

/** Rows read per query while catching up. */
const READ_BATCH = 100;

export interface PostgresLiveHubOptions extends Omit<LiveHubOptions, 'firstEventId'> {
  connectionString: string;
  logger: Logger;
  /** Events waiting for the database at most; the oldest are dropped beyond it (the data is stored). Default 100 000. */
  maxOutbox?: number;
  /** Interval of the catch-up read that covers a notification lost while reconnecting, in ms. Default 1 000. */
  pollMs?: number;
  /** Rows of events kept in the database (each holds up to 1 000 events published together). Default 10 000. */
  keepRows?: number;
}

/**
 * A live hub shared by every server instance on one PostgreSQL database.
 * `publish` appends the event to the outbox (as the PostgreSQL store does
 * with an ingest's events, in the ingest's transaction); every instance
 * relays outbox rows to `live_events` (ids from the database's sequence,
 * assigned and committed in order: postgres-live-events.ts), so events an
 * instance committed are relayed even if it died right after. Every
 * instance, this one included, LISTENs, reads the new rows in id order and
 * delivers them to its subscribers under those ids.
 * So a stream held by instance B sees what instance A ingested, and a
 * `Last-Event-ID` from A resumes on B. An instance fills its replay ring
 * from the table at start.
 */
export class PostgresLiveHub extends LiveHub {
  private readonly pool: pg.Pool;
  private listener: pg.Client | undefined;
  private readonly outbox: string[] = [];
  private flushing: Promise<void> | undefined;
  private relaying: Promise<void> | undefined;
  private relayAgain = false;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private delivered = 0;
  private stopped = false;
  private failing = false;
  private dropped = 0;
  private relays = 0;
  private readonly poll: NodeJS.Timeout;
  private reconnect: NodeJS.Timeout | undefined;
  private readonly maxOutbox: number;
  private readonly keepRows: number;
  private readonly replayCapacity: number;

  constructor(private readonly options: PostgresLiveHubOptions) {
    super({ ...options, firstEventId: 0 });
    this.replayCapacity = options.replaySize ?? 10_000;
    this.maxOutbox = options.maxOutbox ?? 100_000;
    this.keepRows = options.keepRows ?? 10_000;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: 2,
      connectionTimeoutMillis: 5_000,
      application_name: 'livespan-live',
    });
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.poll = setInterval(() => {
      void this.relay();
      void this.read();
    }, options.pollMs ?? 1_000);
    this.poll.unref();
  }

  /** Connects the listener and fills the replay ring with the latest events. Rejects when the database is unreachable. */
  async start(): Promise<void> {
    const { rows } = await this.pool.query<{ id: string | null }>('SELECT max(id) AS id FROM live_events');
    // Rows hold several events each: a tenth of the ring in rows is usually enough to fill it.
    this.delivered = Math.max(0, Number(rows[0]?.id ?? 0) - Math.ceil(this.replayCapacity / 10));
    await this.listen();
    await this.relay();
    await this.read();
  }

  /**
   * Queues the event for the database and returns the latest id delivered
   * here; the event itself gets its id from the database and reaches
   * subscribers, on every instance, once that commits.
   */
  override publish(channel: string, event: string, data: unknown): number {
    if (this.stopped) return this.currentId;
    if (this.outbox.length >= this.maxOutbox) {
      this.outbox.shift();
      this.dropped++;
    }
    this.outbox.push(eventJson(channel, event, data));
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
    return this.currentId;
  }

  /** Ends streams and stops listening; `stopped()` waits for queued events to be written. */
  override close(): void {
    super.close();
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.reconnect);
  }

  /** After `close()`: writes what is still queued (if the database takes it), relays it, and releases connections. */
  async shutdown(): Promise<void> {
    this.close();
    await this.flushing;
    // What this instance wrote last reaches `live_events` even if no other instance runs.
    await this.relay();
    await this.reading;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  private async flush(): Promise<void> {
    // Bounded by the outbox: each round writes a batch or waits a second for the database.
    while (this.outbox.length > 0) {
      const batch = this.outbox.slice(0, PUBLISH_BATCH);
      try {
        await this.insert(batch);
        this.outbox.splice(0, batch.length);
        if (this.failing) this.options.logger.error('live events reach the database again');
        this.failing = false;
        if (this.dropped > 0) {
          this.options.logger.error(`${this.dropped} live events were dropped while the database was away`);
          this.dropped = 0;
        }
      } catch (error) {
        if (!this.failing)
          this.options.logger.error(`cannot publish live events: ${(error as Error).message}`);
        this.failing = true;
        if (this.stopped) return;
        await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
      }
    }
  }

  private async insert(batch: readonly string[]): Promise<void> {
    await this.pool.query(INSERT_OUTBOX, [eventRows(batch)]);
  }

  /** Moves committed outbox rows, this instance's or any other's, to `live_events`; one relay at a time, again if asked meanwhile. */
  private relay(): Promise<void> {
    if (this.relaying) {
      this.relayAgain = true;
      return this.relaying;
    }
    this.relaying = (async () => {
      try {
        do {
          this.relayAgain = false;
          const client = await this.pool.connect();
          try {
            let moved: number;
            do {
              const results = (await client.query(RELAY_OUTBOX)) as unknown as pg.QueryResult[];
              moved = (results.at(-2)?.rows[0] as { moved: number } | undefined)?.moved ?? 0;
            } while (relayMayHaveMore(moved));
            if (++this.relays % 100 === 0) {
              await client.query(
                'DELETE FROM live_events WHERE id < (SELECT max(id) FROM live_events) - $1',
                [this.keepRows],
              );
            }
            client.release();
          } catch (error) {
            // An aborted transaction must not go back to the pool.
            const rolledBack = await client.query('ROLLBACK').then(
              () => true,
              () => false,
            );
            client.release(rolledBack ? undefined : (error as Error));
            throw error;
          }
        } while (this.relayAgain);
      } catch {
        // The database is away; the poll relays again once it is back.
      } finally {
        this.relaying = undefined;
      }
    })();
    return this.relaying;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: 'livespan-listen',
    });
    const retry = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL) void this.relay();
      else void this.read();
    });
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}; LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      retry();
      throw error;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnect) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      if (this.stopped) return;
      // Events committed while we were not listening are read by the poll and the read after LISTEN.
      this.listen().then(
        () => this.read(),
        () => undefined,
      );
    }, 500);
    this.reconnect.unref();
  }

  /** Reads and delivers every event after the last one delivered; one read at a time, again if asked meanwhile. */
  private read(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.readAgain = false;
          let rows: Array<{ id: string; events: string }>;
          do {
            ({ rows } = await this.pool.query(
              'SELECT id, events FROM live_events WHERE id > $1 ORDER BY id LIMIT $2',
              [this.delivered, READ_BATCH],
            ));
            for (const row of rows) {
              if (this.stopped) return;
              this.delivered = Number(row.id);
              const events = JSON.parse(row.events) as Array<[string, string, unknown]>;
              for (const [n, [channel, event, data]] of events.entries()) {
                this.append(this.delivered * EVENTS_PER_ROW + n, channel, event, data);
              }
            }
          } while (rows.length === READ_BATCH);
        } while (this.readAgain && !this.stopped);
      } catch {
        // The database is away; the poll reads again once it is back.
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }
}
