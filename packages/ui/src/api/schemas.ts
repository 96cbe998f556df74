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

/** How long a path usually takes, when it has history (docs/api.md "Slower than usual"). */
const usualFields = {
  /** Median of its recent runs (ms). */
  usualDurationMs: z.number().optional(),
  /** 95th percentile of its recent runs (ms); past it, a run is slower than usual. */
  usualP95Ms: z.number().optional(),
  slowerThanUsual: z.boolean().optional(),
};

/** Token counts (docs/api.md "Tokens and cost"). */
const tokenFields = {
  inputTokens: z.number().optional(),
  outputTokens: z.number().optional(),
  cachedTokens: z.number().optional(),
  reasoningTokens: z.number().optional(),
};

/** A model span's tokens, model and (when priced) cost. */
const spanUsageSchema = z.looseObject({
  ...tokenFields,
  model: z.string().optional(),
  costUsd: z.number().optional(),
});

/** One span as the server returns it (Genkit's `SpanData` plus `stale*` / `placeholder`). */
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
  /** Open when its run stopped or went silent: not running any more (docs/api.md "Live truth"). */
  stale: z.boolean().optional(),
  /** Why it is stale, e.g. "app exited with code 1". */
  staleReason: z.string().optional(),
  /** The last sign of life (ms); a stale span's clock stops here. */
  staleSince: z.number().optional(),
  placeholder: z.boolean().optional(),
  /** A model span's tokens; a malformed one is dropped rather than failing the span. */
  usage: spanUsageSchema.optional().catch(undefined),
  ...usualFields,
  /** Id of the OTLP resource it came from (`GET /api/resources/:resourceId`); older servers leave it out. */
  resourceId: z.string().optional(),
});
export type Span = z.infer<typeof spanSchema>;

const traceStatusSchema = z.enum(['running', 'ok', 'error', 'stale']);
export type TraceStatus = z.infer<typeof traceStatusSchema>;

/** One row of the trace list. */
const traceSummarySchema = z.looseObject({
  traceId: z.string().min(1),
  displayName: z.string().default(''),
  startTime: z.number(),
  endTime: z.number().default(0),
  status: traceStatusSchema,
  spanCount: z.number().default(0),
  /** Open spans that are still live (0 once the trace is stale). */
  runningCount: z.number().default(0),
  /** Open spans whose run stopped or went silent. */
  staleCount: z.number().default(0),
  errorCount: z.number().default(0),
  lastSeen: z.number().default(0),
  hasRoot: z.boolean().default(false),
  realtime: z.boolean().default(false),
  /** Who sent it; older servers leave it out. */
  source: z.enum(['livespan', 'genkit', 'otlp']).optional().catch(undefined),
  /** livespan's exporter only: whether the app exports spans when they start. */
  senderRealtime: z.boolean().optional(),
  /** The sender promises a sign of life this often while spans are open. */
  heartbeatMs: z.number().optional(),
  appId: z.string().optional(),
  staleReason: z.string().optional(),
  staleSince: z.number().optional(),
  ...tokenFields,
  /** Estimated cost of the models with a price (US dollars). */
  costUsd: z.number().optional(),
  costPartial: z.boolean().optional(),
  unpricedModels: z.array(z.string()).optional(),
  ...usualFields,
  /** `service.name` of the root span's resource (else of the first span with one). */
  serviceName: z.string().optional(),
  /** The root span's `http.route` or URL path: tells apart roots named only "GET". */
  route: z.string().optional(),
});
export type TraceSummary = z.infer<typeof traceSummarySchema>;

/** `GET /api/traces/:id`: the summary plus every span. */
const traceDetailSchema = traceSummarySchema.extend({
  spans: z.record(z.string(), spanSchema).default({}),
});
export type TraceDetail = z.infer<typeof traceDetailSchema>;

/** `GET /api/traces/:id/spans`: one page of a trace's spans; `next` continues an `order=id` sweep. */
export const spanPageSchema = z.looseObject({
  spans: z.array(spanSchema),
  next: z.string().optional(),
});

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
  trace_update: z.looseObject({ trace: traceSummarySchema }),
  trace_end: z.looseObject({ trace: traceSummarySchema }),
};

/** The app process `livespan start` runs (`GET /api/app`); `none` under `livespan server`. */
export const appStatusSchema = z.union([
  z.looseObject({ state: z.literal('none') }),
  z.looseObject({
    state: z.enum(['starting', 'running', 'restarting', 'exited']),
    appId: z.string().default(''),
    /** What is run, as typed. */
    command: z.string().default(''),
    pid: z.number().optional(),
    startedAt: z.number().default(0),
    /** While restarting: "src/x.ts changed". */
    restartReason: z.string().optional(),
    exit: z
      .looseObject({
        code: z.number().nullable().default(null),
        signal: z.string().nullable().default(null),
        at: z.number(),
        reason: z.string().default(''),
      })
      .optional(),
    /** The last lines it wrote to stderr. */
    stderrTail: z.array(z.string()).default([]),
  }),
]);
export type AppStatus = z.infer<typeof appStatusSchema>;

/** SSE events of `GET /api/stream`, by event name. */
export const listStreamEvents = {
  /** `app` is left out by older servers. */
  snapshot: z.looseObject({ traces: z.array(traceSummarySchema), app: appStatusSchema.optional() }),
  app: z.looseObject({ app: appStatusSchema }),
  trace_start: z.looseObject({ trace: traceSummarySchema }),
  trace_update: z.looseObject({ trace: traceSummarySchema }),
  trace_end: z.looseObject({ trace: traceSummarySchema }),
  trace_delete: z.looseObject({ traceId: z.string() }),
  /** Every trace was deleted (`DELETE /api/traces`). */
  traces_clear: z.looseObject({}),
};

/** One flow from `GET /api/flows` (Genkit's action shape; schemas are JSON Schema draft-07). */
const flowInfoSchema = z.looseObject({
  /** `/flow/<name>`; older servers may leave it out. */
  key: z.string().optional(),
  name: z.string(),
  description: z.string().optional(),
  inputSchema: z.unknown().optional(),
  outputSchema: z.unknown().optional(),
  /** JSON Schema of the chunks a streaming flow sends (Genkit's `streamSchema`), when declared. */
  streamSchema: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type FlowInfo = z.infer<typeof flowInfoSchema>;

/** The app whose flows the Flows tab runs (from its `.genkit/runtimes` file). */
const connectedAppSchema = z.looseObject({
  runtimeId: z.string().default(''),
  name: z.string().default(''),
  pid: z.number().optional(),
  startedAt: z.number().optional(),
  reflectionServerUrl: z.string().optional(),
});
export type ConnectedApp = z.infer<typeof connectedAppSchema>;

/** `GET /api/flows`; `app` is left out by older servers. */
export const flowListSchema = z.looseObject({
  flows: z.array(flowInfoSchema),
  app: connectedAppSchema.optional(),
});

/** `POST /api/flows/:name/run`: the run's trace, answered as soon as its root span exists. */
export const flowRunSchema = z.looseObject({ traceId: z.string().min(1) });

/** One line of `POST /api/flows/:name/run?stream=true` (`FlowRunStreamLine` in `@livespan/tracing/wire`). */
export const flowRunStreamLineSchema = z.union([
  z.looseObject({ traceId: z.string().min(1) }),
  z.looseObject({ chunk: z.unknown() }).refine((line) => 'chunk' in line, 'a chunk line needs "chunk"'),
  z.looseObject({ result: z.unknown() }).refine((line) => 'result' in line, 'a result line needs "result"'),
  z.looseObject({ error: z.string() }),
]);
/** `POST /api/traces/import`: what was stored. */
export const importResultSchema = z.looseObject({
  imported: z.array(z.looseObject({ traceId: z.string().min(1), spanCount: z.number() })),
});
