/** Status of a trace, as the list and the trace view show it (docs/api.md). */
export type TraceStatus = 'running' | 'ok' | 'error' | 'stale';

/** What a trace's status follows from. */
export interface TraceStatusFacts {
  hasRoot: boolean;
  /** End of the root span; 0 while it runs (or when there is no root). */
  rootEndTime: number;
  /** Status code of the root span (2 = error). */
  rootStatusCode: number | undefined;
  /** Spans with status code 2. */
  errorCount: number;
  /** The trace's open spans stopped or went silent for longer than their sender allows. */
  stale: boolean;
}

/**
 * The one rule for a trace's status: the root's outcome once it ended; with
 * no root, `error` as soon as any span failed; `stale` when its open spans
 * stopped or went silent; else `running`.
 */
export function traceStatus(facts: TraceStatusFacts): TraceStatus {
  if (facts.hasRoot && facts.rootEndTime > 0) return facts.rootStatusCode === 2 ? 'error' : 'ok';
  if (!facts.hasRoot && facts.errorCount > 0) return 'error';
  return facts.stale ? 'stale' : 'running';
}
