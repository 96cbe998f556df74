import { isSpanId, isTraceId } from '@livespan/tracing/wire';

/**
 * Why `id` cannot be a trace id, in words for the user; undefined when it
 * can. Checked before any request, so a malformed URL never opens a stream.
 */
export function traceIdProblem(id: string): string | undefined {
  if (isTraceId(id)) return undefined;
  const shown = JSON.stringify(id.length > 64 ? `${id.slice(0, 64)}…` : id);
  if (isSpanId(id)) {
    return `${shown} looks like a span id (16 hex digits). A trace id has 32 hex digits: open the trace from the list, or copy the Trace ID from a span's details.`;
  }
  return `${shown} is not a trace id. A trace id has 32 hex digits (0-9, a-f).`;
}
