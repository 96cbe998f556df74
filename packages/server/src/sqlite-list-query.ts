import type Database from 'better-sqlite3';
import { decodeToken, toListPage } from './list-page.js';
import { searchable, TRIGRAM_LENGTH } from './span-search-text.js';
import { SEARCH_TEXT_SQL_FUNCTION } from './sqlite-search-index.js';
import { MISSED_HEARTBEATS } from './staleness.js';
import type { TraceRow } from './trace-rows.js';
import type { TraceListPage, TraceListQuery } from './trace-store.js';

/** The list status of a trace in SQL; must agree with `traceStatus()` (@livespan/tracing/wire) and `staleReasonOf()`. */
const STATUS_SQL = `CASE
  WHEN t.has_root = 1 AND t.end_time > 0 THEN CASE WHEN t.root_status = 2 THEN 'error' ELSE 'ok' END
  WHEN t.has_root = 0 AND t.error_count > 0 THEN 'error'
  WHEN t.running_count > 0 AND (t.stale_reason IS NOT NULL
    OR t.last_seen < @now - COALESCE(t.heartbeat_ms * ${MISSED_HEARTBEATS}, @silentAfterMs)) THEN 'stale'
  ELSE 'running' END`;

/** Prepared list statements kept; each distinct filter shape is one. */
const MAX_CACHED_STATEMENTS = 64;

/**
 * One page of the trace list, newest first, by keyset pagination on
 * (start_time, trace_id); statements are cached per distinct filter shape,
 * at most `MAX_CACHED_STATEMENTS` of them.
 */
export function listTraces(
  db: Database.Database,
  cache: Map<string, Database.Statement>,
  query: TraceListQuery,
): TraceListPage {
  const where: string[] = [];
  const params: Record<string, string | number> = {
    now: query.now,
    silentAfterMs: query.staleAfterMs,
    limit: query.limit + 1,
  };
  if (query.continuationToken !== undefined) {
    const [startTime, traceId] = decodeToken(query.continuationToken);
    where.push('(t.start_time < @tokenStart OR (t.start_time = @tokenStart AND t.trace_id < @tokenTrace))');
    params.tokenStart = startTime;
    params.tokenTrace = traceId;
  }
  if (query.name) {
    where.push("t.display_name LIKE @name ESCAPE '\\'");
    params.name = `%${query.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (query.status?.length) {
    where.push(`${STATUS_SQL} IN (${query.status.map((_, i) => `@status${i}`).join(', ')})`);
    for (const [i, status] of query.status.entries()) params[`status${i}`] = status;
  }
  if (query.since !== undefined) {
    where.push('t.start_time >= @since');
    params.since = query.since;
  }
  if (query.until !== undefined) {
    where.push('t.start_time < @until');
    params.until = query.until;
  }
  if (query.q) {
    where.push(searchCondition(query.q, params));
  }
  let n = 0;
  for (const [op, entries] of [
    ['eq', query.filter?.eq],
    ['neq', query.filter?.neq],
  ] as const) {
    for (const [key, value] of Object.entries(entries ?? {})) {
      const p = `f${n++}`;
      params[`${p}k`] = `$.attributes."${key.replace(/"/g, '')}"`;
      params[`${p}v`] = value;
      where.push(
        op === 'eq'
          ? `json_extract(r.data, @${p}k) = @${p}v`
          : `(json_extract(r.data, @${p}k) IS NULL OR json_extract(r.data, @${p}k) != @${p}v)`,
      );
    }
  }
  const sql = `SELECT t.*, r.data AS root_data FROM traces t
    LEFT JOIN spans r ON r.trace_id = t.trace_id AND r.span_id = t.root_span_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY t.start_time DESC, t.trace_id DESC LIMIT @limit`;
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    // Bounded, oldest first out: filters are bounded in keys, but shapes still multiply.
    if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    cache.set(sql, statement);
  }
  const rows = statement.all(params) as Array<TraceRow & { root_data: string | null }>;
  return toListPage(rows, query.limit);
}

/**
 * The `q` condition (sqlite-search-index.ts): a trace matches by its trigram documents or pending ones,
 * or by the text of a running span; a dirty trace (a completed span of it replaced since it was indexed)
 * by the text of its spans alone. The trigram index answers a quoted phrase as a substring; shorter
 * queries have no trigram to look up and scan its text. A query with a line break may span lines, which
 * the documents do not keep together: it scans every span.
 */
function searchCondition(query: string, params: Record<string, string | number>): string {
  const q = searchable(query);
  params.q = q;
  const scan = `instr(${SEARCH_TEXT_SQL_FUNCTION}(s.data), @q) > 0`;
  if (q.includes('\n')) return `t.trace_id IN (SELECT s.trace_id FROM spans s WHERE ${scan})`;
  if (q.length >= TRIGRAM_LENGTH) params.phrase = `"${q.replace(/"/g, '""')}"`;
  const indexed =
    q.length >= TRIGRAM_LENGTH
      ? 'SELECT trace_id FROM span_search WHERE span_search MATCH @phrase'
      : 'SELECT trace_id FROM span_search WHERE instr(text, @q) > 0';
  return `((t.trace_id IN (${indexed}
      UNION SELECT trace_id FROM span_search_pending WHERE instr(text, @q) > 0
      UNION SELECT s.trace_id FROM spans s WHERE s.end_time <= 0 AND ${scan})
    AND t.trace_id NOT IN (SELECT trace_id FROM span_search_dirty))
    OR t.trace_id IN (SELECT s.trace_id FROM span_search_dirty d CROSS JOIN spans s ON s.trace_id = d.trace_id
      WHERE ${scan}))`;
}
