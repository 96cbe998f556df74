/**
 * @module @livespan/tracing/wire
 *
 * The rules every part of livespan must agree on (the app's exporter, the
 * server, `@livespan/flows` and the Dev UI): the wire shapes, ids, limits,
 * when a span runs, a trace's status, the placeholder for a missing parent,
 * the runtime file, loopback hosts, secret names, the headers and the access token's variable. No
 * dependencies and no Node APIs, so the browser can import it too.
 */
export { ACCESS_TOKEN_ENV, bearer } from './access-token.js';
export {
  CHUNK_EVENT_NAME,
  CHUNK_EVENT_TEXT_LIMIT,
  CHUNK_INDEX_ATTR,
  CHUNK_TEXT_ATTR,
} from './chunk-event.js';
export { FLOW_RUN_STREAM_MEDIA_TYPE, type FlowRunStreamLine } from './flow-run-stream.js';
export { HEARTBEAT_HEADER, REALTIME_HEADER, TRACE_ARRAYS_HEADER } from './headers.js';
export { isSpanId, isTraceId, SPAN_ID_PATTERN, TRACE_ID_PATTERN } from './ids.js';
export { MAX_ATTRIBUTE_DEPTH, MAX_ATTRIBUTE_STRING_LENGTH, MAX_SPAN_PAGE, MAX_TIME_MS } from './limits.js';
export { LOOPBACK_HOSTS } from './loopback.js';
export { PLACEHOLDER_NAME, type PlaceholderSpan, placeholderSpan } from './placeholder-span.js';
export { REDACTED, redactAttributes, redactText } from './redact-secrets.js';
export { RUNTIMES_FOLDER, type RuntimeFile } from './runtime-file.js';
export { isSecretKey } from './secret-keys.js';
export {
  type Attributes,
  type AttributeValue,
  type InstrumentationLibrary,
  isInProgress,
  type SpanContextData,
  type SpanData,
  type SpanLink,
  type SpanStatus,
  type TimeEvent,
  type TraceData,
} from './span-data.js';
export { type TraceStatus, type TraceStatusFacts, traceStatus } from './trace-status.js';
export {
  isSlowerThanUsual,
  USUAL_DURATION_MIN_RUNS,
  USUAL_DURATION_WINDOW,
  type UsualDuration,
  usualDurationOf,
} from './usual-duration.js';
