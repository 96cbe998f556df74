import type { ApiSpan, ApiTrace, TraceSummary } from '@livespan/server';

/**
 * Pure views of traces sized for a model's context: summaries first, a tree
 * of one line per span within a line and character budget, and one span's
 * attributes and events on request. Every long value is cut with a note
 * saying how much was left out, so a 40 MB trace never reaches the agent.
 */

/** Budgets of the views; each default is what the MCP tools use. */
export const LIMITS = {
  /** Characters of a span name in a tree line. */
  name: 120,
  /** Characters of an error or stale reason in a tree line or list. */
  message: 300,
  /** Characters of an exception stack in a span's error. */
  stack: 1_500,
  /** Characters of the root's input or output in a trace digest. */
  rootValue: 1_000,
  /** Lines of a tree. */
  treeLines: 150,
  /** Characters of all tree lines together. */
  treeChars: 12_000,
  /** Failing or stale spans listed before the tree. */
  listed: 10,
  /** Characters of one attribute value in a span's detail. */
  attribute: 2_000,
  /** Attributes of one span (or event) in a span's detail. */
  attributes: 100,
  /** Events of one span in its detail. */
  events: 50,
  /** Direct children named in a span's detail. */
  children: 50,
} as const;

type SpanState = 'ok' | 'error' | 'running' | 'stale';

/** `text` whole, or its first `max` characters (never half a surrogate pair) and a note of what was cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…[cut ${text.length - end} more characters]`;
}

/** A duration for people: `850 ms`, `12.3 s`, `4 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}

function spanState(span: ApiSpan): SpanState {
  if (span.status?.code === 2) return 'error';
  if (span.endTime > 0) return 'ok';
  return span.stale ? 'stale' : 'running';
}

/** Ended: end − start; stale: frozen at staleSince − start; running: now − start (docs/api.md). */
function spanDurationMs(span: ApiSpan, now: number): number {
  if (span.endTime > 0) return span.endTime - span.startTime;
  if (span.stale && span.staleSince !== undefined) return span.staleSince - span.startTime;
  return now - span.startTime;
}

function traceDurationMs(trace: TraceSummary, now: number): number {
  if (trace.endTime > 0) return trace.endTime - trace.startTime;
  if (trace.status === 'stale' && trace.staleSince !== undefined) return trace.staleSince - trace.startTime;
  return now - trace.startTime;
}

/** One row of a trace list: what an agent needs to pick a trace. */
export interface TraceLine {
  traceId: string;
  name: string;
  status: TraceSummary['status'];
  duration: string;
  startedAt: string;
  spans: number;
  errors: number;
  running: number;
  stale: number;
  staleReason?: string;
}

export function traceLine(trace: TraceSummary, now: number): TraceLine {
  return {
    traceId: trace.traceId,
    name: cut(trace.displayName, LIMITS.name),
    status: trace.status,
    duration: formatDuration(traceDurationMs(trace, now)),
    startedAt: new Date(trace.startTime).toISOString(),
    spans: trace.spanCount,
    errors: trace.errorCount,
    running: trace.runningCount,
    stale: trace.staleCount,
    ...(trace.staleReason !== undefined && { staleReason: trace.staleReason }),
  };
}

/** What went wrong in a span: its status message, and the exception its events recorded. */
interface SpanError {
  message: string;
  type?: string;
  stack?: string;
}

function spanError(span: ApiSpan): SpanError | undefined {
  if (span.status?.code !== 2) return undefined;
  const exception = span.timeEvents?.timeEvent?.find((e) => e.annotation?.description === 'exception');
  const attributes = exception?.annotation?.attributes ?? {};
  const message = span.status.message || stringOf(attributes['exception.message']) || 'failed (no message)';
  const type = stringOf(attributes['exception.type']);
  const stack = stringOf(attributes['exception.stacktrace']);
  return {
    message: cut(message, LIMITS.message),
    ...(type && { type }),
    ...(stack && { stack: cut(stack, LIMITS.stack) }),
  };
}

/** A span in a list of failing, stale or awaited spans. */
export interface SpanBrief {
  spanId: string;
  name: string;
  state: SpanState;
  duration: string;
  path: string;
  error?: SpanError;
  staleReason?: string;
}

export function spanBrief(span: ApiSpan, spans: ReadonlyMap<string, ApiSpan>, now: number): SpanBrief {
  const error = spanError(span);
  return {
    spanId: span.spanId,
    name: cut(span.displayName, LIMITS.name),
    state: spanState(span),
    duration: formatDuration(spanDurationMs(span, now)),
    path: pathOf(span, spans),
    ...(error && { error }),
    ...(span.stale && span.staleReason !== undefined && { staleReason: span.staleReason }),
  };
}

/**
 * The spans where failures started: failing spans with no failing child,
 * earliest end first. A flow's error climbs to its root; this is its origin.
 */
export function failureOrigins(spans: ReadonlyMap<string, ApiSpan>): ApiSpan[] {
  const failing = [...spans.values()].filter((s) => s.status?.code === 2);
  const failingParents = new Set(failing.map((s) => s.parentSpanId));
  return failing
    .filter((s) => !failingParents.has(s.spanId))
    .sort((a, b) => (a.endTime || Infinity) - (b.endTime || Infinity));
}

/** The innermost stale spans (no stale child), latest start first: where the run was when it stopped. */
export function staleFrontier(spans: ReadonlyMap<string, ApiSpan>): ApiSpan[] {
  const stale = [...spans.values()].filter((s) => s.stale);
  const staleParents = new Set(stale.map((s) => s.parentSpanId));
  return stale.filter((s) => !staleParents.has(s.spanId)).sort((a, b) => b.startTime - a.startTime);
}

/** A whole trace for an agent: summary, where it failed or stopped, and a bounded tree. */
export interface TraceDigest {
  trace: TraceLine;
  input?: string;
  output?: string;
  failures?: SpanBrief[];
  staleSpans?: SpanBrief[];
  tree: string[];
  note?: string;
}

export function digestTrace(trace: ApiTrace, options: { depth?: number; now: number }): TraceDigest {
  const spans = new Map(Object.entries(trace.spans));
  const roots = rootsOf(spans);
  const rootSpan = roots[0];
  const failures = failureOrigins(spans);
  const stale = staleFrontier(spans);
  const tree = treeLines(spans, roots, options.depth ?? Infinity, options.now);
  const input = rootSpan && stringOf(rootSpan.attributes['genkit:input']);
  const output = rootSpan && stringOf(rootSpan.attributes['genkit:output']);
  return {
    trace: traceLine(trace, options.now),
    ...(input !== undefined && { input: cut(input, LIMITS.rootValue) }),
    ...(output !== undefined && { output: cut(output, LIMITS.rootValue) }),
    ...(failures.length > 0 && { failures: briefs(failures, spans, options.now) }),
    ...(stale.length > 0 && { staleSpans: briefs(stale, spans, options.now) }),
    tree: tree.lines,
    ...(tree.omitted > 0 && {
      note: `${tree.omitted} of ${spans.size} spans not shown; call get_trace with a smaller depth, or with spanId for one span`,
    }),
  };
}

/** One span in full, within budgets: attributes, events, and its children's names. */
export interface SpanDetail extends SpanBrief {
  parentSpanId?: string;
  startedAt: string;
  attributes: Record<string, string>;
  events: Array<{ at: string; name: string; attributes?: Record<string, string> }>;
  children: Array<{ spanId: string; name: string; state: SpanState }>;
  note?: string;
}

export function spanDetail(span: ApiSpan, trace: ApiTrace, now: number): SpanDetail {
  const spans = new Map(Object.entries(trace.spans));
  const notes: string[] = [];
  const attributes = boundedAttributes(span.attributes, notes, 'attributes');
  const allEvents = span.timeEvents?.timeEvent ?? [];
  const events = allEvents.slice(0, LIMITS.events).map((event) => {
    const eventAttributes = boundedAttributes(event.annotation?.attributes ?? {}, notes, 'event attributes');
    return {
      at: `+${formatDuration(event.time - span.startTime)}`,
      name: cut(event.annotation?.description ?? '', LIMITS.name),
      ...(Object.keys(eventAttributes).length > 0 && { attributes: eventAttributes }),
    };
  });
  if (allEvents.length > LIMITS.events)
    notes.push(`${allEvents.length - LIMITS.events} more events not shown`);
  const allChildren = childrenOf(spans, span.spanId);
  if (allChildren.length > LIMITS.children) {
    notes.push(`${allChildren.length - LIMITS.children} more children not shown`);
  }
  return {
    ...spanBrief(span, spans, now),
    ...(span.parentSpanId && { parentSpanId: span.parentSpanId }),
    startedAt: new Date(span.startTime).toISOString(),
    attributes,
    events,
    children: allChildren.slice(0, LIMITS.children).map((child) => ({
      spanId: child.spanId,
      name: cut(child.displayName, LIMITS.name),
      state: spanState(child),
    })),
    ...(notes.length > 0 && { note: [...new Set(notes)].join('; ') }),
  };
}

function briefs(list: ApiSpan[], spans: ReadonlyMap<string, ApiSpan>, now: number): SpanBrief[] {
  return list.slice(0, LIMITS.listed).map((span) => spanBrief(span, spans, now));
}

function boundedAttributes(
  attributes: Record<string, unknown>,
  notes: string[],
  what: string,
): Record<string, string> {
  const entries = Object.entries(attributes);
  const shown: Record<string, string> = {};
  for (const [key, value] of entries.slice(0, LIMITS.attributes)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    shown[cut(key, LIMITS.name)] = cut(text, LIMITS.attribute);
    if (text.length > LIMITS.attribute) notes.push(`long ${what} cut at ${LIMITS.attribute} characters`);
  }
  if (entries.length > LIMITS.attributes)
    notes.push(`${entries.length - LIMITS.attributes} more ${what} not shown`);
  return shown;
}

/** Spans without a known parent, earliest first. */
function rootsOf(spans: ReadonlyMap<string, ApiSpan>): ApiSpan[] {
  return [...spans.values()]
    .filter((s) => !s.parentSpanId || !spans.has(s.parentSpanId))
    .sort((a, b) => a.startTime - b.startTime);
}

function childrenOf(spans: ReadonlyMap<string, ApiSpan>, spanId: string): ApiSpan[] {
  return [...spans.values()]
    .filter((s) => s.parentSpanId === spanId)
    .sort((a, b) => a.startTime - b.startTime);
}

function pathOf(span: ApiSpan, spans: ReadonlyMap<string, ApiSpan>): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let at: ApiSpan | undefined = span; at && !seen.has(at.spanId); ) {
    seen.add(at.spanId);
    names.unshift(cut(at.displayName, 40));
    at = at.parentSpanId ? spans.get(at.parentSpanId) : undefined;
  }
  return names.join(' > ');
}

const MARK: Record<SpanState, string> = { ok: '✓', error: '✗', running: '…', stale: '⚠' };

/** `✗ name  error 1.2 s  #spanId: message`, indented two spaces a level, in start order, within budgets. */
function treeLines(
  spans: ReadonlyMap<string, ApiSpan>,
  roots: ApiSpan[],
  depth: number,
  now: number,
): { lines: string[]; omitted: number } {
  const byParent = new Map<string, ApiSpan[]>();
  for (const span of spans.values()) {
    if (!span.parentSpanId) continue;
    const siblings = byParent.get(span.parentSpanId) ?? [];
    siblings.push(span);
    byParent.set(span.parentSpanId, siblings);
  }
  for (const siblings of byParent.values()) siblings.sort((a, b) => a.startTime - b.startTime);
  const lines: string[] = [];
  let chars = 0;
  let shown = 0;
  const visited = new Set<string>();
  const visit = (span: ApiSpan, level: number): void => {
    if (visited.has(span.spanId)) return;
    visited.add(span.spanId);
    const state = spanState(span);
    const why =
      state === 'error' ? spanError(span)?.message : state === 'stale' ? span.staleReason : undefined;
    const line = `${'  '.repeat(level)}${MARK[state]} ${cut(span.displayName, LIMITS.name)}  ${state} ${formatDuration(
      spanDurationMs(span, now),
    )}  #${span.spanId}${why ? `: ${cut(why, LIMITS.message)}` : ''}`;
    if (lines.length >= LIMITS.treeLines || chars + line.length > LIMITS.treeChars) return;
    lines.push(line);
    chars += line.length;
    shown++;
    const children = byParent.get(span.spanId) ?? [];
    if (level >= depth) {
      if (children.length > 0)
        lines.push(`${'  '.repeat(level + 1)}… ${countBelow(span.spanId, byParent)} spans below`);
      return;
    }
    for (const child of children) visit(child, level + 1);
  };
  for (const root of roots) visit(root, 0);
  return { lines, omitted: spans.size - shown };
}

function countBelow(spanId: string, byParent: ReadonlyMap<string, ApiSpan[]>): number {
  let count = 0;
  const stack = [...(byParent.get(spanId) ?? [])];
  const seen = new Set<string>();
  for (let span = stack.pop(); span; span = stack.pop()) {
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    count++;
    stack.push(...(byParent.get(span.spanId) ?? []));
  }
  return count;
}

function stringOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
