import { randomBytes } from 'node:crypto';

/** A random id of `bytes` bytes in hex (16 for a trace id, 8 for a span id). */
export function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** One span in the server's `TraceData` shape; `endTime` 0 means running. */
export interface WireSpan {
  spanId: string;
  traceId: string;
  parentSpanId?: string;
  displayName: string;
  startTime: number;
  endTime: number;
  /** Default: none. */
  attributes?: Record<string, unknown>;
  /** Default: OK once ended (code 2 is an error). */
  status?: { code: number; message?: string };
}

/**
 * POSTs spans as a sender without livespan's headers would (no
 * `x-livespan-realtime`, no heartbeat), to `/api/traces`.
 */
export async function postTraceData(serverUrl: string, traceId: string, spans: WireSpan[]): Promise<void> {
  const body = {
    traceId,
    spans: Object.fromEntries(
      spans.map((span) => [
        span.spanId,
        {
          attributes: {},
          spanKind: 'INTERNAL',
          instrumentationLibrary: { name: 'livespan-e2e' },
          ...(span.endTime > 0 && { status: { code: 0 } }),
          ...span,
        },
      ]),
    ),
  };
  const response = await fetch(`${serverUrl}/api/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /api/traces: ${response.status} ${await response.text()}`);
}

const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

/** POSTs ended spans as an OTLP/HTTP JSON exporter would, to `/v1/traces`. */
export async function postOtlpJson(serverUrl: string, spans: WireSpan[]): Promise<void> {
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'otlp-e2e' } }] },
        scopeSpans: [
          {
            scope: { name: 'otlp-e2e' },
            spans: spans.map((span) => ({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId && { parentSpanId: span.parentSpanId }),
              name: span.displayName,
              kind: 1,
              startTimeUnixNano: nanos(span.startTime),
              endTimeUnixNano: nanos(span.endTime),
              attributes: [],
              status: { code: 0 },
            })),
          },
        ],
      },
    ],
  };
  const response = await fetch(`${serverUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST /v1/traces: ${response.status} ${await response.text()}`);
}
