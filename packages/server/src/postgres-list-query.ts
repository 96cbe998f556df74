import type { SpanData } from '@livespan/tracing/wire';
import type pg from 'pg';
import { decodeToken, toListPage } from './list-page.js';
import { searchable } from './span-search-text.js';
import { MISSED_HEARTBEATS } from './staleness.js';
import { rowToRecord, type TraceRow } from './trace-rows.js';
import type { TraceListPage, TraceListQuery } from './trace-store.js';

/** The list status of a trace in SQL; must agree with `traceStatus()` and `staleReasonOf()` (and sqlite-list-query.ts). */
const statusSql = (now: string, silentAfterMs: string) => `CASE
  WHEN t.has_root = 1 AND t.end_time > 0 THEN CASE WHEN t.root_status = 2 THEN 'error' ELSE 'ok' END
  WHEN t.has_root = 0 AND t.error_count > 0 THEN 'error'
  WHEN t.running_count > 0 AND (t.stale_reason IS NOT NULL
    OR t.last_seen < ${now}::float8 - COALESCE(t.heartbeat_ms * ${MISSED_HEARTBEATS}, ${silentAfterMs}::float8)) THEN 'stale'
  ELSE 'running' END`;

/**
 * One page of the trace list, newest first, by keyset pagination on
 * (start_time, trace_id), with the same filters and token as the SQLite
 * store. Root attributes are compared as JSON values, so 3 matches 3 and
 * "3" matches "3" only.
 */
export async function listPostgresTraces(pool: pg.Pool, query: TraceListQuery): Promise<TraceListPage> {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (query.continuationToken !== undefined) {
    const [startTime, traceId] = decodeToken(query.continuationToken);
    const start = param(startTime);
    where.push(
      `(t.start_time < ${start}::float8 OR (t.start_time = ${start}::float8 AND t.trace_id < ${param(traceId)}))`,
    );
  }
  if (query.name) {
    where.push(
      `t.display_name ILIKE ${param(`%${query.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`,
    );
  }
  if (query.status?.length) {
    where.push(
      `${statusSql(param(query.now), param(query.staleAfterMs))} = ANY(${param(query.status)}::text[])`,
    );
  }
  if (query.since !== undefined) where.push(`t.start_time >= ${param(query.since)}::float8`);
  if (query.until !== undefined) where.push(`t.start_time < ${param(query.until)}::float8`);
  if (query.q) {
    // pg_trgm's index answers LIKE for 3 characters or more; shorter patterns scan the search text.
    const pattern = `%${searchable(query.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      `t.trace_id IN (SELECT trace_id FROM span_search WHERE text LIKE ${param(pattern)} ESCAPE '\\')`,
    );
  }
  for (const [op, entries] of [
    ['eq', query.filter?.eq],
    ['neq', query.filter?.neq],
  ] as const) {
    for (const [key, value] of Object.entries(entries ?? {})) {
      const attribute = `(r.data::jsonb -> 'attributes' -> ${param(key.replace(/"/g, ''))}::text)`;
      const expected = `${param(JSON.stringify(value))}::jsonb`;
      where.push(
        op === 'eq' ? `${attribute} = ${expected}` : `(${attribute} IS NULL OR ${attribute} <> ${expected})`,
      );
    }
  }
  const sql = `SELECT t.*, r.data AS root_data FROM traces t
    LEFT JOIN spans r ON r.trace_id = t.trace_id AND r.span_id = t.root_span_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY t.start_time DESC, t.trace_id DESC LIMIT ${param(query.limit + 1)}`;
  const { rows } = await pool.query<TraceRow & { root_data: string | null }>(sql, params);
  return toListPage(rows, query.limit);
}
