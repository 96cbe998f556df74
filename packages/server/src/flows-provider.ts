/** A flow the connected app offers, in Genkit's action shape. */
export interface FlowInfo {
  /** Action key, e.g. `/flow/myFlow`. */
  key: string;
  name: string;
  description?: string;
  /** JSON Schema of the input, when the app declares one. */
  inputSchema?: unknown;
  outputSchema?: unknown;
  /** JSON Schema of the chunks a streaming flow sends, when it declares one. */
  streamSchema?: unknown;
  metadata?: Record<string, unknown>;
}

/** The app whose flows are offered, from its runtime file. */
export interface ConnectedApp {
  runtimeId: string;
  name: string;
  pid: number;
  /** When it started (ms). */
  startedAt: number;
  reflectionServerUrl: string;
}

/** What `GET /api/flows` answers. */
export interface FlowList {
  flows: FlowInfo[];
  app: ConnectedApp;
}

/**
 * Lists, runs and cancels the flows of the app being developed. The server
 * calls it for `GET /api/flows`, `POST /api/flows/:name/run` and
 * `POST /api/traces/:traceId/cancel`; it throws `FlowsError` to choose the HTTP answer.
 */
export interface FlowsProvider {
  listFlows(): Promise<FlowList>;
  /** Starts a flow; resolves with its trace id as soon as the root span exists, not when the flow ends. */
  runFlow(name: string, input: unknown): Promise<{ traceId: string }>;
  /**
   * Starts a flow with streaming (Genkit's `runAction?stream=true`); resolves
   * as soon as the root span exists. `events` then yields each chunk the flow
   * streams and, last, its end; it keeps reading the app's answer to the end
   * even when its reader stops early, so the app is never cut off.
   */
  streamFlow(name: string, input: unknown): Promise<FlowStream>;
  /**
   * Asks the app to cancel the run of trace `traceId`; resolves once the app
   * has accepted, not when the run's spans have ended. Throws `FlowsError`
   * 404 when the app does not run that trace (any more), 503 with no app.
   */
  cancelRun(traceId: string): Promise<void>;
}

/** A run started with streaming. */
export interface FlowStream {
  traceId: string;
  /** The chunks, then exactly one `result` or `error` (the app's message). */
  events: AsyncIterable<{ chunk: unknown } | { result: unknown } | { error: string }>;
}

/** A flows failure with the HTTP status to answer: 400 bad input, 404 unknown flow, 503 no app. */
export class FlowsError extends Error {
  constructor(
    readonly status: 400 | 404 | 502 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'FlowsError';
  }
}

/** The answer when no app is connected. */
export const NO_APP_MESSAGE = 'no app connected: start your app with `livespan start -- <cmd>`';
