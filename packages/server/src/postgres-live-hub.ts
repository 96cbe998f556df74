import pg from 'pg';
import { LiveHub, type LiveHubOptions } from './live-hub.js';
import type { Logger } from './logger.js';

/** The NOTIFY channel; its payload is empty, the events are rows (NOTIFY payloads stop at 8000 bytes). */
const NOTIFY_CHANNEL = 'livespan_events';

/** Advisory lock held while events are inserted, so ids are committed in id order across instances. */
const PUBLISH_LOCK = 7_106_115_112_002;

/**
 * Events in one `live_events` row at most. A row holds the events published
 * together (one ingest's, typically); event n of row r has SSE id
 * r × EVENTS_PER_ROW + n, so ids stay the database's and increase.
 */
const EVENTS_PER_ROW = 1_000;

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
 * `publish` appends the event to the `live_events` table (ids from the
 * database's sequence, assigned and committed in order under an advisory
 * lock; events published together share a row) and notifies; every instance, this one included, LISTENs, reads the
 * new rows in id order and delivers them to its subscribers under those ids.
 * So a stream held by instance B sees what instance A ingested, and a
 * `Last-Event-ID` from A resumes on B. An instance fills its replay ring
 * from the table at start.
 */
export class PostgresLiveHub extends LiveHub {
  private readonly pool: pg.Pool;
  private listener: pg.Client | undefined;
  private readonly outbox: Array<{ channel: string; event: string; data: string }> = [];
  private flushing: Promise<void> | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private delivered = 0;
  private stopped = false;
  private failing = false;
  private dropped = 0;
  private publishes = 0;
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
    this.poll = setInterval(() => void this.read(), options.pollMs ?? 1_000);
    this.poll.unref();
  }

  /** Connects the listener and fills the replay ring with the latest events. Rejects when the database is unreachable. */
  async start(): Promise<void> {
    const { rows } = await this.pool.query<{ id: string | null }>('SELECT max(id) AS id FROM live_events');
    // Rows hold several events each: a tenth of the ring in rows is usually enough to fill it.
    this.delivered = Math.max(0, Number(rows[0]?.id ?? 0) - Math.ceil(this.replayCapacity / 10));
    await this.listen();
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
    this.outbox.push({ channel, event, data: JSON.stringify(data) });
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

  /** After `close()`: writes what is still queued (if the database takes it) and releases connections. */
  async shutdown(): Promise<void> {
    this.close();
    await this.flushing;
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

  /**
   * One statement, so one round trip, in its own transaction: the advisory lock is taken before the
   * rows get their ids (the sort consumes the lock's row before any row is inserted) and held to the
   * commit, so ids commit in order across instances; the notification goes out at that commit.
   */
  private async insert(
    batch: ReadonlyArray<{ channel: string; event: string; data: string }>,
  ): Promise<void> {
    const rows: string[] = [];
    for (let i = 0; i < batch.length; i += EVENTS_PER_ROW) {
      const events = batch.slice(i, i + EVENTS_PER_ROW);
      rows.push(
        `[${events.map((e) => `[${JSON.stringify(e.channel)},${JSON.stringify(e.event)},${e.data}]`).join(',')}]`,
      );
    }
    await this.pool.query(
      `WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock($2::bigint)),
       inserted AS (INSERT INTO live_events (events)
         SELECT u.e FROM locked, unnest($1::text[]) WITH ORDINALITY AS u (e, n) ORDER BY u.n RETURNING id)
       SELECT pg_notify('${NOTIFY_CHANNEL}', ''), (SELECT count(*) FROM inserted)`,
      [rows, PUBLISH_LOCK],
    );
    if (++this.publishes % 100 === 0) {
      await this.pool.query('DELETE FROM live_events WHERE id < (SELECT max(id) FROM live_events) - $1', [
        this.keepRows,
      ]);
    }
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
    client.on('notification', () => void this.read());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
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
