import { HEARTBEAT_HEADER, REALTIME_HEADER } from '@livespan/tracing/wire';
import type { RequestHeaders } from './read-body.js';

/** Who sent an ingest request and what it promises; recorded on the traces it touches. */
export interface Sender {
  /** livespan's exporter, another `TraceData` sender (Genkit's), or an OTLP exporter. */
  source: 'livespan' | 'genkit' | 'otlp';
  /** The app `livespan start` ran, from the `/apps/:appId` ingest prefix. */
  appId?: string;
  /** livespan's exporter only: whether the app exports spans when they start. */
  realtime?: boolean;
  /** The sender sends a sign of life at least this often while it has open spans. */
  heartbeatMs?: number;
}

/** Longest heartbeat interval taken at its word; a longer promise is no promise. */
const MAX_HEARTBEAT_MS = 3_600_000;

/**
 * Reads the sender from an ingest request: livespan's exporter says who it is
 * in headers (docs/api.md "Live truth"); anything else is judged by its route.
 */
export function senderOf(
  headers: RequestHeaders,
  route: 'traceData' | 'otlp',
  appId: string | undefined,
): Sender {
  const realtime = headers.get(REALTIME_HEADER);
  const base = appId === undefined ? {} : { appId };
  if (realtime === null) return { source: route === 'otlp' ? 'otlp' : 'genkit', ...base };
  const heartbeat = Number(headers.get(HEARTBEAT_HEADER) ?? Number.NaN);
  const promised = Number.isInteger(heartbeat) && heartbeat > 0 && heartbeat <= MAX_HEARTBEAT_MS;
  return {
    source: 'livespan',
    ...base,
    realtime: realtime === 'true',
    ...(promised && { heartbeatMs: heartbeat }),
  };
}
