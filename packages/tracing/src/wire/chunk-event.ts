/**
 * How a streamed model answer is recorded while it arrives: one span event
 * named `chunk` per chunk, in order, whose `livespan:chunk.text` attribute
 * holds that chunk's text (cut to `CHUNK_EVENT_TEXT_LIMIT` characters).
 * `@livespan/flows`' `generate` writes them; the Dev UI joins them into text.
 */
export const CHUNK_EVENT_NAME = 'chunk';
export const CHUNK_TEXT_ATTR = 'livespan:chunk.text';
/** Longest chunk text copied into one event. */
export const CHUNK_EVENT_TEXT_LIMIT = 1_000;
