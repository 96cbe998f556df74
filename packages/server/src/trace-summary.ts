import {
  type Attributes,
  isInProgress,
  type SpanData,
  type TraceStatus,
  traceStatus,
} from '@livespan/tracing/wire';
import { type ModelUsage, mayHoldUsage, usageOfSpan } from './model-usage.js';
import type { Sender } from './sender.js';
import { type DurationSample, durationSample, spanPath } from './span-durations.js';
import { type LlmView, type UsualFields, usualFields } from './span-extras.js';
import { staleReasonOf } from './staleness.js';
import { routeOf, serviceNameOf } from './trace-labels.js';
import type { SpanChange, TraceChange, TraceRecord } from './trace-store.js';
import { applyUsageChange, type UsageTotals, usageTotals } from './trace-usage.js';

/**
 * A trace summary as the API returns it (docs/api.md `TraceSummary`): the
 * stored record, minus internals, plus its status and, once stale, why and
 * since when (running spans then count as stale, not running).
 */
export type TraceSummary = Omit<
  TraceRecord,
  'rootSpanId' | 'rootStatusCode' | 'staleReason' | 'usage' | 'rootPath'
> &
  UsageTotals &
  UsualFields & {
    status: TraceStatus;
    staleCount: number;
    staleReason?: string;
    staleSince?: number;
  };

/** A new, empty record for a trace first seen now. */
export function emptyTraceRecord(traceId: string, now: number): TraceRecord {
  return {
    source: 'genkit',
    traceId,
    displayName: '',
    startTime: 0,
    endTime: 0,
    spanCount: 0,
    runningCount: 0,
    errorCount: 0,
    lastSeen: now,
    hasRoot: false,
    realtime: false,
  };
}

/** What the counters need to know of a span's previous version. */
export interface SpanCounts {
  endTime: number;
  status?: { code: number };
  /** The tokens it counted for (model-usage.ts). */
  usage?: ModelUsage;
}

/** The counts of a stored span, from its row; its JSON is parsed only when it may hold usage. */
export function storedSpanCounts(json: string, endTime: number, statusCode: number | null): SpanCounts {
  const usage = mayHoldUsage(json) ? usageOfSpan(JSON.parse(json) as SpanData) : undefined;
  return { endTime, status: { code: statusCode ?? 0 }, ...(usage && { usage }) };
}

/** The counts of a span version at hand, to compare its next version with. */
export function spanCounts(span: SpanData): SpanCounts {
  const usage = usageOfSpan(span);
  return { endTime: span.endTime, status: { code: span.status?.code ?? 0 }, ...(usage && { usage }) };
}

const isRunning = (span: SpanCounts | undefined): number => (span && isInProgress(span) ? 1 : 0);
const isError = (span: SpanCounts | undefined): number => (span?.status?.code === 2 ? 1 : 0);

/**
 * Adjusts a summary for one span going from `before` (undefined: new) to
 * `after`, in O(1): counters move by the difference between the two rows,
 * never by recounting the trace. Mutates and returns `record`.
 */
function applySpanToRecord(
  record: TraceRecord,
  before: SpanCounts | undefined,
  after: SpanData,
  resources: ReadonlyMap<string, Attributes> | undefined,
): TraceRecord {
  const serviceName = serviceNameOf(after, resources);
  if (!before) record.spanCount += 1;
  record.runningCount += isRunning(after) - isRunning(before);
  record.errorCount += isError(after) - isError(before);
  const usage = applyUsageChange(record.usage, before?.usage, usageOfSpan(after));
  if (usage) record.usage = usage;
  else delete record.usage;
  if (!after.parentSpanId) {
    const rootPath = spanPath(after, undefined);
    if (rootPath !== undefined) record.rootPath = rootPath;
    record.hasRoot = true;
    record.displayName = after.displayName;
    record.startTime = after.startTime;
    record.endTime = Math.max(after.endTime, 0);
    record.rootStatusCode = after.status?.code ?? 0;
    const route = routeOf(after.attributes);
    if (route === undefined) delete record.route;
    else record.route = route;
  } else if (!record.hasRoot && (record.spanCount === 1 || after.startTime < record.startTime)) {
    record.displayName = after.displayName;
    record.startTime = after.startTime;
  }
  // The root's service names the trace; until it has one, the first span that had one does.
  if (serviceName !== undefined && (!after.parentSpanId || record.serviceName === undefined)) {
    record.serviceName = serviceName;
  }
  return record;
}

/**
 * Applies one accepted span change to what an ingest did to its trace: the
 * summary moves by the difference (`before`: the stored row's counts, if any),
 * the root is noted, and the change is listed for the live events.
 * `resources` (attributes by resource id) give the service name. Returns
 * the duration the store adds to the span's path when the span just
 * completed (span-durations.ts).
 */
export function recordSpanChange(
  change: TraceChange,
  before: SpanCounts | undefined,
  after: SpanChange,
  resources?: ReadonlyMap<string, Attributes>,
): DurationSample | undefined {
  applySpanToRecord(change.trace, before, after.span, resources);
  if (!after.span.parentSpanId) change.trace.rootSpanId = after.span.spanId;
  change.spans.push(after);
  const rootName = change.trace.hasRoot ? change.trace.displayName : undefined;
  return durationSample(!before || isInProgress(before), after.span, rootName);
}

/** Records who sent the trace's latest data (docs/api.md "Live truth"). Mutates and returns `record`. */
export function applySender(record: TraceRecord, sender: Sender): TraceRecord {
  record.source = sender.source;
  if (sender.appId !== undefined) record.appId = sender.appId;
  if (sender.realtime === undefined) delete record.senderRealtime;
  else record.senderRealtime = sender.realtime;
  if (sender.heartbeatMs === undefined) delete record.heartbeatMs;
  else record.heartbeatMs = sender.heartbeatMs;
  delete record.staleReason;
  return record;
}

/** The list status of a trace at time `now` (docs/api.md); `silentAfterMs` applies to senders without heartbeats. */
export function traceStatusAt(record: TraceRecord, now: number, silentAfterMs: number): TraceStatus {
  return traceStatus({
    hasRoot: record.hasRoot,
    rootEndTime: record.endTime,
    rootStatusCode: record.rootStatusCode,
    errorCount: record.errorCount,
    stale: staleReasonOf(record, now, silentAfterMs) !== undefined,
  });
}

/**
 * The API form of a stored record; with `view`, also its tokens and cost and
 * how its duration compares with the usual one of its root's path.
 */
export function toSummary(
  record: TraceRecord,
  now: number,
  silentAfterMs: number,
  view?: LlmView,
): TraceSummary {
  const {
    rootStatusCode: _status,
    rootSpanId: _root,
    staleReason: _reason,
    usage: _usage,
    rootPath: _path,
    ...rest
  } = record;
  const staleReason = staleReasonOf(record, now, silentAfterMs);
  const summary: TraceSummary = {
    ...rest,
    ...(view && usageTotals(record.usage, view.prices)),
    ...(view &&
      record.hasRoot &&
      usualFields(record.rootPath, traceDurationAt(record, now, staleReason), view)),
    status: traceStatusAt(record, now, silentAfterMs),
    staleCount: 0,
  };
  if (staleReason === undefined) return summary;
  return {
    ...summary,
    runningCount: 0,
    staleCount: record.runningCount,
    staleReason,
    staleSince: record.lastSeen,
  };
}

/** A trace's duration (docs/api.md): to the root's end, to its last sign of life when stale, else to `now`. */
function traceDurationAt(record: TraceRecord, now: number, staleReason: string | undefined): number {
  if (record.endTime > 0) return record.endTime - record.startTime;
  return (staleReason === undefined ? now : record.lastSeen) - record.startTime;
}
