import type { SpanData } from '@livespan/tracing/wire';
import { InvalidInputError } from './input-errors.js';
import type { Resource } from './resource.js';
import { parseTraceDataBody } from './trace-data-schema.js';

/** One trace of an import: its id and how many spans it brought. */
export interface ImportedTrace {
  traceId: string;
  spanCount: number;
}

/** What a valid `POST /api/traces/import` body holds. */
export interface ParsedImport {
  spans: SpanData[];
  resources: Resource[];
  traces: ImportedTrace[];
}

/**
 * Validates a `POST /api/traces/import` body: one exported trace (what
 * `GET /api/traces/:traceId` returns), an array of them, or `{ traces: [...] }`.
 * Each is validated as ingest validates `TraceData` (the summary fields are
 * ignored, placeholders left out); unlike ingest nothing is left out alone:
 * any bad span refuses the whole body, with the path of the bad part.
 */
export function parseImportBody(body: unknown): ParsedImport {
  const wrapped = isObject(body) && !('spans' in body) && 'traces' in body;
  const traces = wrapped ? (body as { traces: unknown }).traces : body;
  if (wrapped && !Array.isArray(traces)) {
    throw new InvalidInputError('invalid import: traces must be an array of exported traces', 'traces');
  }
  const prefix = wrapped ? 'traces.' : '';
  let parsed: ReturnType<typeof parseTraceDataBody>;
  try {
    parsed = parseTraceDataBody(
      Array.isArray(traces) ? traces.map(withoutPlaceholders) : withoutPlaceholders(traces),
    );
  } catch (error) {
    if (error instanceof InvalidInputError && wrapped) {
      throw new InvalidInputError(error.message.replace(': ', `: ${prefix}`), `${prefix}${error.path ?? ''}`);
    }
    throw error;
  }
  const rejected = parsed.rejected[0];
  if (rejected) {
    throw new InvalidInputError(
      `invalid TraceData: ${prefix}${rejected.message}`,
      `${prefix}${rejected.path}`,
    );
  }
  const counts = new Map<string, number>();
  for (const span of parsed.spans) counts.set(span.traceId, (counts.get(span.traceId) ?? 0) + 1);
  const list = Array.isArray(traces) ? traces : [traces];
  for (const [index, trace] of list.entries()) {
    const traceId = String((trace as { traceId: string }).traceId).toLowerCase();
    if (!counts.has(traceId)) {
      const path = `${prefix}${Array.isArray(traces) ? `${index}.` : ''}spans`;
      throw new InvalidInputError(`invalid import: ${path} holds no spans`, path);
    }
  }
  return {
    spans: parsed.spans,
    resources: parsed.resources,
    traces: [...counts].map(([traceId, spanCount]) => ({ traceId, spanCount })),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The server's stand-ins for parents that never arrived are not spans of the trace. */
function withoutPlaceholders(trace: unknown): unknown {
  if (!isObject(trace) || !isObject(trace.spans)) return trace;
  const spans = Object.entries(trace.spans).filter(
    ([, span]) => !(isObject(span) && span.placeholder === true),
  );
  return { ...trace, spans: Object.fromEntries(spans) };
}
