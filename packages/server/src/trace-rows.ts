import type { SpanOutline, TraceRecord } from './trace-store.js';
import type { UsageByModel } from './trace-usage.js';

/** A `traces` row as SQLite returns it. */
export interface TraceRow {
  trace_id: string;
  display_name: string;
  start_time: number;
  end_time: number;
  span_count: number;
  running_count: number;
  error_count: number;
  last_seen: number;
  has_root: number;
  realtime: number;
  root_span_id: string | null;
  root_status: number | null;
  stale_reported: number;
  source: string;
  app_id: string | null;
  sender_realtime: number | null;
  heartbeat_ms: number | null;
  stale_reason: string | null;
  service_name: string | null;
  route: string | null;
  /** JSON of `TraceRecord.usage`. */
  usage: string | null;
  root_path: string | null;
}

/** Row → record. */
export function rowToRecord(row: TraceRow): TraceRecord {
  return {
    traceId: row.trace_id,
    displayName: row.display_name,
    startTime: row.start_time,
    endTime: row.end_time,
    spanCount: row.span_count,
    runningCount: row.running_count,
    errorCount: row.error_count,
    lastSeen: row.last_seen,
    hasRoot: row.has_root === 1,
    realtime: row.realtime === 1,
    ...(row.root_span_id !== null && { rootSpanId: row.root_span_id }),
    ...(row.root_status !== null && { rootStatusCode: row.root_status }),
    source: row.source as TraceRecord['source'],
    ...(row.app_id !== null && { appId: row.app_id }),
    ...(row.sender_realtime !== null && { senderRealtime: row.sender_realtime === 1 }),
    ...(row.heartbeat_ms !== null && { heartbeatMs: row.heartbeat_ms }),
    ...(row.stale_reason !== null && { staleReason: row.stale_reason }),
    ...(row.service_name !== null && { serviceName: row.service_name }),
    ...(row.route !== null && { route: row.route }),
    ...(row.usage !== null && { usage: JSON.parse(row.usage) as UsageByModel }),
    ...(row.root_path !== null && { rootPath: row.root_path }),
  };
}

/** Record → row parameters (the stale flag and reason are written separately). */
export function recordToRow(record: TraceRecord): Omit<TraceRow, 'stale_reported' | 'stale_reason'> {
  return {
    trace_id: record.traceId,
    display_name: record.displayName,
    start_time: record.startTime,
    end_time: record.endTime,
    span_count: record.spanCount,
    running_count: record.runningCount,
    error_count: record.errorCount,
    last_seen: record.lastSeen,
    has_root: record.hasRoot ? 1 : 0,
    realtime: record.realtime ? 1 : 0,
    root_span_id: record.rootSpanId ?? null,
    root_status: record.hasRoot ? (record.rootStatusCode ?? 0) : null,
    source: record.source,
    app_id: record.appId ?? null,
    sender_realtime: record.senderRealtime === undefined ? null : record.senderRealtime ? 1 : 0,
    heartbeat_ms: record.heartbeatMs ?? null,
    service_name: record.serviceName ?? null,
    route: record.route ?? null,
    usage: record.usage === undefined ? null : JSON.stringify(record.usage),
    root_path: record.rootPath ?? null,
  };
}

/** A span's place in its tree as both stores read it (`getSpanOutline`, `getChildOutline`). */
export interface OutlineRow {
  span_id: string;
  parent_span_id: string | null;
  start_time: number;
}

export function toSpanOutline(row: OutlineRow): SpanOutline {
  return {
    spanId: row.span_id,
    ...(row.parent_span_id !== null && { parentSpanId: row.parent_span_id }),
    startTime: row.start_time,
  };
}

/** A stored span's JSON as both stores read it (`readSpanJson`). */
export interface SpanJsonRow {
  span_id: string;
  end_time: number;
  data: string;
}
