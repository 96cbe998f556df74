import type { Attributes, SpanData, TraceStatus } from '@livespan/tracing/wire';
import type { Resource } from './resource.js';
import type { Sender } from './sender.js';

/**
 * The store cannot store or read right now (disk full, I/O error, closed);
 * the same request may work later. Every store reports its own failures this
 * way, so the server need not know any database's error codes.
 */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

/** The stored summary of one trace, kept up to date incrementally on every ingest. */
export interface TraceRecord {
  traceId: string;
  /** Root span name; until the root arrives, the earliest span's name. */
  displayName: string;
  /** Root start; until then, the earliest span start (ms). */
  startTime: number;
  /** Root end; 0 while the root is running or missing (ms). */
  endTime: number;
  spanCount: number;
  /** Spans without `endTime`. */
  runningCount: number;
  /** Spans with `status.code` 2. */
  errorCount: number;
  /** Server time (ms) of the last export that touched this trace. */
  lastSeen: number;
  hasRoot: boolean;
  /** True once any span of the trace arrived while in progress. */
  realtime: boolean;
  /** Span id of the root, when known. */
  rootSpanId?: string;
  /** Status code of the root span, when the root is known. */
  rootStatusCode?: number;
  /** Who sent the trace's latest data. */
  source: Sender['source'];
  /** The app `livespan start` ran that sent it. */
  appId?: string;
  /** What livespan's exporter said of its app: it exports spans when they start. */
  senderRealtime?: boolean;
  /** The sender's promised heartbeat interval (ms), if it promised one. */
  heartbeatMs?: number;
  /** Why its open spans stopped, once that was concluded (app exited, silence). Cleared by new data. */
  staleReason?: string;
  /** `service.name` of the root span's resource, else of the first span that had one. */
  serviceName?: string;
  /** What the root span served (trace-labels.ts `routeOf`). */
  route?: string;
}

/** How one ingested span snapshot changed what is stored; the live events follow from it. */
export interface SpanChange {
  kind: 'span_start' | 'span_update' | 'span_end';
  /** The span as now stored. */
  span: SpanData;
}

/** What one ingest did to one trace. */
export interface TraceChange {
  trace: TraceRecord;
  /** The trace was unknown before this ingest. */
  created: boolean;
  /** The root span completed in this ingest. */
  rootEnded: boolean;
  /** The trace had been reported stale and came back to life. */
  revived: boolean;
  /** Accepted span changes, in the order applied (duplicates and regressions are left out). */
  spans: SpanChange[];
  /** When revived: its other running spans, which were shown stale and run again. */
  revivedSpans: SpanData[];
}

/** A trace whose open spans were just found stopped, with those spans. */
export interface StaleTrace {
  /** The record, `staleReason` set. */
  trace: TraceRecord;
  running: SpanData[];
}

export interface IngestResult {
  /** One entry per trace that the request touched and changed. */
  traces: TraceChange[];
  /** Trace ids removed by retention during this ingest. */
  deleted: string[];
}

/** Attribute equality filters on the root span, Genkit's `filter` query parameter. */
export interface AttributeFilter {
  eq?: Record<string, string | number>;
  neq?: Record<string, string | number>;
}

export interface TraceListQuery {
  /** Page size, 1..1000. */
  limit: number;
  /** Opaque token from the previous page. */
  continuationToken?: string;
  /** Case-insensitive substring of the display name. */
  name?: string;
  /** Case-insensitive substring of the search text (span-search-text.ts) of any span of the trace. */
  q?: string;
  /** Traces that started at or after this time (ms). */
  since?: number;
  /** Traces that started before this time (ms). */
  until?: number;
  /** Traces in any of these statuses. */
  status?: readonly TraceStatus[];
  filter?: AttributeFilter;
  /** Current time and the silence limit of senders without heartbeats, for the `stale` status. */
  now: number;
  staleAfterMs: number;
}

export interface TraceListPage {
  /** Newest first by start time, each with its root span when known. */
  traces: Array<{ trace: TraceRecord; root?: SpanData }>;
  continuationToken?: string;
}

/**
 * Where traces live. The SQLite store implements it; a shared server can
 * implement it on PostgreSQL. Methods are async so that remote stores fit;
 * each `ingest` must be atomic: all of its spans or none.
 */
export interface TraceStore {
  /**
   * Upserts spans by (traceId, spanId) with the merge rules (a complete span
   * is never regressed, duplicates are no-ops) and updates each trace's
   * summary in the same transaction. `now` becomes the traces' `lastSeen`;
   * `sender` is recorded on each trace touched, and any stale reason cleared.
   * `resources` are the resources the spans' `resourceId`s name; each is
   * stored once (an existing id is left as is).
   */
  ingest(
    spans: readonly SpanData[],
    now: number,
    sender: Sender,
    resources?: readonly Resource[],
  ): Promise<IngestResult>;
  // Every method rejects with StoreUnavailableError when the store cannot do its work now.
  /** One trace's summary, or undefined when unknown. */
  getTrace(traceId: string): Promise<TraceRecord | undefined>;
  /** Every stored span of a trace (no placeholders), in start order. */
  getSpans(traceId: string): Promise<SpanData[]>;
  listTraces(query: TraceListQuery): Promise<TraceListPage>;
  /**
   * Traces with running spans that have been silent for longer than their
   * sender allows (`silenceLimitMs` in staleness.ts) and were not reported
   * yet; records the reason (`silenceReason`) and returns each once, until
   * new data revives it.
   */
  takeNewlyStale(now: number, silentAfterMs: number): Promise<StaleTrace[]>;
  /**
   * The app `appId` is gone: records `reason` on each of its traces with
   * running spans and returns those whose reason changed.
   */
  stopApp(appId: string, reason: string): Promise<StaleTrace[]>;
  /** A stored resource's attributes, or undefined when unknown. */
  getResource(resourceId: string): Promise<Attributes | undefined>;
  /** Deletes one trace, its spans and its search entries (resources stay: others may share them); false when it was unknown. */
  deleteTrace(traceId: string): Promise<boolean>;
  /** Deletes every trace (and every stored resource). */
  clear(): Promise<void>;
  /** Releases the store. Idempotent. */
  close(): Promise<void>;
}
