import type { SpanData } from '@livespan/tracing/wire';
import { InvalidInputError } from './input-errors.js';
import { rowToRecord, type TraceRow } from './trace-rows.js';
import type { TraceListPage } from './trace-store.js';

/**
 * A page of the trace list from the rows a store's query returned, newest
 * first, fetched one past `limit` so that a continuation token is issued only
 * when more follow. Every store pages by (start_time, trace_id).
 */
export function toListPage(
  rows: Array<TraceRow & { root_data: string | null }>,
  limit: number,
): TraceListPage {
  const page = rows.slice(0, limit).map((row) => ({
    trace: rowToRecord(row),
    ...(row.root_data !== null && { root: JSON.parse(row.root_data) as SpanData }),
  }));
  const last = page.at(-1)?.trace;
  return {
    traces: page,
    ...(rows.length > limit && last && { continuationToken: encodeToken(last.startTime, last.traceId) }),
  };
}

/** The continuation token of a page ending at this trace; every store issues the same form. */
function encodeToken(startTime: number, traceId: string): string {
  return Buffer.from(JSON.stringify([startTime, traceId])).toString('base64url');
}

/** The position a continuation token names; a token not issued by a store is a 400. */
export function decodeToken(token: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return [value[0], value[1]];
    }
  } catch {
    // answered below
  }
  throw new InvalidInputError('continuationToken is not one this server issued', 'continuationToken');
}
