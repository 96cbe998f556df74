import { stringLiteral } from './postgres-literals.js';

/**
 * How live events travel through PostgreSQL, shared by the store (which
 * writes an ingest's events in its transaction) and the live hub (which
 * relays and reads them). Ingest and publish write to `live_outbox` in any
 * order; a relay moves outbox rows to `live_events` under an advisory lock,
 * so `live_events` ids are assigned and committed in order across instances
 * and a reader that has seen id n has seen every id below it.
 */

/** Announces new outbox rows (written at the commit of the transaction that wrote them). */
export const OUTBOX_CHANNEL = 'livespan_outbox';

/** Announces new `live_events` rows. Payloads are empty: the events are rows (NOTIFY payloads stop at 8000 bytes). */
export const EVENTS_CHANNEL = 'livespan_events';

/** Advisory lock held while outbox rows become `live_events` rows. */
const RELAY_LOCK = 7_106_115_112_002;

/**
 * Events in one row at most. A row holds events written together (one
 * ingest's, typically); event n of `live_events` row r has SSE id
 * r × EVENTS_PER_ROW + n, so ids stay the database's and increase.
 */
export const EVENTS_PER_ROW = 1_000;

/** Outbox rows moved by one relay statement at most. */
const RELAY_BATCH = 100;

/** One event as a row stores it: JSON `[channel, event, data]`. */
export function eventJson(channel: string, event: string, data: unknown): string {
  return JSON.stringify([channel, event, data]);
}

/** Events (from `eventJson`) grouped into rows of at most EVENTS_PER_ROW, in order, each a JSON array. */
export function eventRows(events: readonly string[]): string[] {
  const rows: string[] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_ROW) {
    rows.push(`[${events.slice(i, i + EVENTS_PER_ROW).join(',')}]`);
  }
  return rows;
}

/** One statement: appends rows to the outbox and notifies at commit. Parameter $1: `eventRows(...)`. */
export const INSERT_OUTBOX = `WITH inserted AS (
    INSERT INTO live_outbox (events)
    SELECT u.e FROM unnest($1::text[]) WITH ORDINALITY AS u (e, n) ORDER BY u.n RETURNING 1)
  SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM (SELECT count(*) FROM inserted) AS c`;

/**
 * The same as statements without parameters, to go in a round trip of the
 * simple protocol (with a COMMIT): `rows` are `eventRows(...)`.
 */
export function outboxInsert(rows: readonly string[]): string {
  return `INSERT INTO live_outbox (events) VALUES (${rows.map(stringLiteral).join('), (')}); SELECT pg_notify('${OUTBOX_CHANNEL}', ''); `;
}

/**
 * One round trip (simple protocol, so several statements): under the relay
 * lock, moves the oldest outbox rows to `live_events` in outbox order and
 * notifies when it moved any. The last result's `moved` says how many.
 * Rows another relay holds are skipped; it commits them.
 */
export const RELAY_OUTBOX = `BEGIN;
  SELECT pg_advisory_xact_lock(${RELAY_LOCK});
  WITH taken AS (
      DELETE FROM live_outbox WHERE id IN
        (SELECT id FROM live_outbox ORDER BY id LIMIT ${RELAY_BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, events),
    inserted AS (INSERT INTO live_events (events) SELECT events FROM taken ORDER BY id RETURNING 1)
  SELECT moved, CASE WHEN moved > 0 THEN pg_notify('${EVENTS_CHANNEL}', '') END
  FROM (SELECT count(*)::int AS moved FROM inserted) AS c;
  COMMIT`;

/** A full batch moved: there may be more. */
export const relayMayHaveMore = (moved: number): boolean => moved === RELAY_BATCH;
