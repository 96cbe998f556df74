import { z } from 'zod';

/**
 * The server's data, validated where it enters the UI. Lenient on purpose:
 * unknown fields pass through (newer servers may add some), optional fields
 * get the defaults the contract implies, and only what the UI relies on is
 * checked. See docs/api.md.
 */

const statusSchema = z.looseObject({ code: z.number(), message: z.string().optional() });

const timeEventSchema = z.looseObject({
  time: z.number(),
  annotation: z
    .looseObject({
      description: z.string().default(''),
      attributes: z.record(z.string(), z.unknown()).default({}),
    })
    .default({ description: '', attributes: {} }),
});

const linkSchema = z.looseObject({
  context: z.looseObject({ traceId: z.string(), spanId: z.string() }).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

/** One span as the server returns it (Genkit's `SpanData` plus `stale` / `placeholder`). */
export const spanSchema = z.looseObject({
  spanId: z.string().min(1),
  traceId: z.string().min(1),
  parentSpanId: z.string().optional(),
  /** Milliseconds since the epoch; placeholders may carry none. */
  startTime: z.number().default(0),
  /** 0 while the span is running. */
  endTime: z.number().default(0),
  displayName: z.string().default(''),
  attributes: z.record(z.string(), z.unknown()).default({}),
  spanKind: z.string().default(''),
  status: statusSchema.optional(),
  timeEvents: z.looseObject({ timeEvent: z.array(timeEventSchema).optional() }).optional(),
  links: z.array(linkSchema).optional(),
  instrumentationLibrary: z.looseObject({ name: z.string(), version: z.string().optional() }).optional(),
  stale: z.boolean().optional(),
  placeholder: z.boolean().optional(),
});
export type Span = z.infer<typeof spanSchema>;
export type SpanEvent = z.infer<typeof timeEventSchema>;

export const traceStatusSchema = z.enum(['running', 'ok', 'error', 'stale']);
export type TraceStatus = z.infer<typeof traceStatusSchema>;

/** One row of the trace list. */
export const traceSummarySchema = z.looseObject({
  traceId: z.string().min(1),
  displayName: z.string().default(''),
  startTime: z.number(),
  endTime: z.number().default(0),
  status: traceStatusSchema,
  spanCount: z.number().default(0),
  runningCount: z.number().default(0),
  errorCount: z.number().default(0),
  lastSeen: z.number().default(0),
  hasRoot: z.boolean().default(false),
  realtime: z.boolean().default(false),
});
export type TraceSummary = z.infer<typeof traceSummarySchema>;

/** `GET /api/traces/:id`: the summary plus every span. */
export const traceDetailSchema = traceSummarySchema.extend({
  spans: z.record(z.string(), spanSchema).default({}),
});
export type TraceDetail = z.infer<typeof traceDetailSchema>;

/** `GET /api/traces`. */
export const traceListSchema = z.looseObject({
  traces: z.array(traceSummarySchema),
  continuationToken: z.string().optional(),
});

/** SSE events of `GET /api/traces/:id/stream`, by event name. */
export const traceStreamEvents = {
  snapshot: z.looseObject({ trace: traceDetailSchema.nullable() }),
  span_start: z.looseObject({ span: spanSchema }),
  span_update: z.looseObject({ span: spanSchema }),
  span_end: z.looseObject({ span: spanSchema }),
  trace_end: z.looseObject({ trace: traceSummarySchema }),
};

/** SSE events of `GET /api/stream`, by event name. */
export const listStreamEvents = {
  snapshot: z.looseObject({ traces: z.array(traceSummarySchema) }),
  trace_start: z.looseObject({ trace: traceSummarySchema }),
  trace_update: z.looseObject({ trace: traceSummarySchema }),
  trace_end: z.looseObject({ trace: traceSummarySchema }),
  trace_delete: z.looseObject({ traceId: z.string() }),
};

/** One flow from `GET /api/flows` (Genkit's action shape; schemas are JSON Schema draft-07). */
export const flowInfoSchema = z.looseObject({
  /** `/flow/<name>`; older servers may leave it out. */
  key: z.string().optional(),
  name: z.string(),
  description: z.string().optional(),
  inputSchema: z.unknown().optional(),
  outputSchema: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type FlowInfo = z.infer<typeof flowInfoSchema>;
export const flowListSchema = z.looseObject({ flows: z.array(flowInfoSchema) });

/** `POST /api/flows/:name/run`: the run's trace, answered as soon as its root span exists. */
export const flowRunSchema = z.looseObject({ traceId: z.string().min(1) });
