/**
 * Genkit's telemetry wire types (`TraceData` / `SpanData`), shared by the
 * exporter that writes them and the server that reads them. Times are
 * milliseconds since the epoch; `endTime` 0 means the span is still running.
 */

/** Attribute values as they appear on the wire: JSON values. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | AttributeValue[]
  | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export interface SpanStatus {
  /** 0 unset, 1 ok, 2 error (OpenTelemetry's `SpanStatusCode`). */
  code: number;
  message?: string;
}

export interface TimeEvent {
  /** Milliseconds since the epoch. */
  time: number;
  annotation: { attributes: Attributes; description: string };
}

export interface SpanContextData {
  traceId: string;
  spanId: string;
  isRemote?: boolean;
  traceFlags?: number;
}

export interface SpanLink {
  context?: SpanContextData;
  attributes?: Attributes;
  droppedAttributesCount?: number;
}

export interface InstrumentationLibrary {
  name: string;
  version?: string;
  schemaUrl?: string;
}

/** One span, in Genkit's `SpanData` shape. */
export interface SpanData {
  spanId: string;
  traceId: string;
  parentSpanId?: string;
  /** Milliseconds since the epoch. */
  startTime: number;
  /** Milliseconds since the epoch; 0 while the span is in progress. */
  endTime: number;
  attributes: Attributes;
  displayName: string;
  links?: SpanLink[];
  instrumentationLibrary: InstrumentationLibrary;
  /** `INTERNAL`, `SERVER`, `CLIENT`, `PRODUCER` or `CONSUMER`. */
  spanKind: string;
  sameProcessAsParentSpan?: { value: boolean };
  status?: SpanStatus;
  timeEvents?: { timeEvent?: TimeEvent[] };
  truncated?: boolean;
  /** livespan's server: the id of the span's OTLP resource (`GET /api/resources/:resourceId`), when it had one. */
  resourceId?: string;
}

/** A trace, or the part of one sent in a single request, in Genkit's `TraceData` shape. */
export interface TraceData {
  traceId: string;
  /** From the root span, when the request holds it. */
  displayName?: string;
  startTime?: number;
  endTime?: number;
  spans: Record<string, SpanData>;
  /** The OpenTelemetry resource (`service.name`, …) of every span sent; livespan's server keeps it. */
  resource?: { attributes: Attributes };
}

/** `true` when a span snapshot describes a span that has not ended yet. */
export function isInProgress(span: Pick<SpanData, 'endTime'>): boolean {
  return !span.endTime;
}
