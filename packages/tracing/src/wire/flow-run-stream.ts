/**
 * One line of the answer to `POST /api/flows/:name/run?stream=true`, sent as
 * newline-delimited JSON: `{traceId}` first (as soon as the run's root span
 * exists), then one `{chunk}` per chunk the flow streams, in order, then
 * exactly one `{result}` or `{error}` when the run ends.
 */
export type FlowRunStreamLine =
  | { traceId: string }
  | { chunk: unknown }
  | { result: unknown }
  | { error: string };

/** The media type of that answer. */
export const FLOW_RUN_STREAM_MEDIA_TYPE = 'application/x-ndjson';
