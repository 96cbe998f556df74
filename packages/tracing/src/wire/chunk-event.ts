/**
 * How a streamed model answer is recorded while it arrives: one span event
 * named `chunk` per chunk, in order, whose `livespan:chunk.text` attribute
 * holds that chunk's text (cut to `CHUNK_EVENT_TEXT_LIMIT` characters).
 * `@livespan/flows`' `generate` writes them; the Dev UI joins them into text.
 */
export const CHUNK_EVENT_NAME = 'chunk';
export const CHUNK_TEXT_ATTR = 'livespan:chunk.text';
/**
 * The chunk's place in the answer, from 0. OpenTelemetry's SDK keeps at most
 * `OTEL_SPAN_EVENT_COUNT_LIMIT` (default 128) events per span and drops the
 * oldest, so a first event with an index above 0 means the start is missing.
 */
export const CHUNK_INDEX_ATTR = 'livespan:chunk.index';
/** Longest chunk text copied into one event. */
export const CHUNK_EVENT_TEXT_LIMIT = 1_000;
