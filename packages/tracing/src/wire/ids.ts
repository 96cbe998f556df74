/** A trace id on the wire: 32 hex digits (any case; stored lower-case). */
export const TRACE_ID_PATTERN = /^[0-9a-fA-F]{32}$/;

/** A span id on the wire: 16 hex digits (any case; stored lower-case). */
export const SPAN_ID_PATTERN = /^[0-9a-fA-F]{16}$/;

export function isTraceId(value: string): boolean {
  return TRACE_ID_PATTERN.test(value);
}

export function isSpanId(value: string): boolean {
  return SPAN_ID_PATTERN.test(value);
}
