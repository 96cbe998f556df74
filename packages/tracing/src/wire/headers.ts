/**
 * Response header by which a server says its trace endpoint also takes a JSON
 * array of `TraceData`, so a batch of many traces needs one request, not one each.
 */
export const TRACE_ARRAYS_HEADER = 'x-livespan-accepts-trace-arrays';

/**
 * Request header by which livespan's exporter says whether its app exports
 * spans when they start (`true`, RealtimeSpanProcessor) or only when they end
 * (`false`). Its presence also tells the server the sender is livespan's exporter.
 */
export const REALTIME_HEADER = 'x-livespan-realtime';

/**
 * Request header by which a sender promises a sign of life at least every this
 * many ms while it has open spans (RealtimeSpanProcessor's heartbeat). Absent:
 * no promise, so silence alone does not mean the app died.
 */
export const HEARTBEAT_HEADER = 'x-livespan-heartbeat-ms';
