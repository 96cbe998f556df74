/** The latest time a JavaScript `Date` can hold, in ms since the epoch: the largest time a span may carry. */
export const MAX_TIME_MS = 8.64e15;

/** Deepest nesting of arrays and objects in an attribute value. */
export const MAX_ATTRIBUTE_DEPTH = 32;

/** Longest string inside an attribute value, in UTF-16 code units; the server cuts longer ones and marks the span `truncated`. */
export const MAX_ATTRIBUTE_STRING_LENGTH = 65_536;

/** Most spans one page of `GET /api/traces/:traceId/spans` carries (its `limit`). */
export const MAX_SPAN_PAGE = 5_000;
