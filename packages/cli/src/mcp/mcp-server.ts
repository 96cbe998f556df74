import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { LivespanApi } from './livespan-api.js';
import { cut, digestTrace, spanBrief, spanDetail, traceLine } from './trace-digest.js';
import { type WaitResult, waitForTrace } from './trace-watch.js';

/** Characters of one tool result at most; the views stay well below it, this is the last guard. */
export const MAX_RESULT_CHARS = 40_000;

/** Longest a tool may wait for a trace (5 min): agents' clients time requests out. */
const MAX_WAIT_MS = 300_000;
const DEFAULT_WAIT_MS = 60_000;

const TRACE_URI_PREFIX = 'livespan://traces/';

const traceIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex characters, as list_traces and run_flow return it');
const timeoutSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_WAIT_MS)
  .default(DEFAULT_WAIT_MS)
  .describe(`How long to wait, in ms (default ${DEFAULT_WAIT_MS}, at most ${MAX_WAIT_MS}).`);

/**
 * The MCP server of `livespan mcp`: tools to list and run flows, read traces
 * compactly and wait on a trace's live stream, and each trace as a resource
 * (`livespan://traces/<traceId>`) that a client can subscribe to, updated live.
 * Returns the server and `close()`, which ends every live subscription.
 */
export function createLivespanMcpServer(
  api: LivespanApi,
  version: string,
): { server: McpServer; close(): Promise<void> } {
  const server = new McpServer(
    { name: 'livespan', version },
    {
      capabilities: { resources: { subscribe: true, listChanged: false }, logging: {} },
      instructions:
        'livespan shows traces of the app live: what runs, what is stuck (stale, with the reason) and what failed. ' +
        'Run a flow with run_flow (wait: true to get its outcome), stop a running one with cancel_run, ' +
        'or wait on any trace with wait_for_trace; ' +
        'read a trace compactly with get_trace, and one span in full with get_trace {traceId, spanId}.',
    },
  );
  const now = () => Date.now();

  server.registerTool(
    'list_flows',
    {
      title: 'List flows',
      description: 'The flows of the app connected to livespan, with their input JSON Schemas.',
      inputSchema: {},
      annotations: { readOnlyHint: true },
    },
    async () => {
      const { flows, app } = await api.listFlows();
      return result({
        app: { name: app.name, pid: app.pid, runtimeId: app.runtimeId },
        flows: flows.map((flow) => ({
          name: flow.name,
          ...(flow.description && { description: cut(flow.description, 500) }),
          ...(flow.inputSchema !== undefined && {
            inputSchema: cut(JSON.stringify(flow.inputSchema), 2_000),
          }),
        })),
      });
    },
  );

  server.registerTool(
    'run_flow',
    {
      title: 'Run a flow',
      description:
        'Runs a flow in the app through livespan and returns its traceId at once, or with wait: true when the run ' +
        'ends, goes stale (the app crashed, restarted or went silent) or the timeout passes, with the failing span.',
      inputSchema: {
        name: z.string().min(1).describe('The flow name, as list_flows gives it.'),
        input: z.unknown().optional().describe("The flow's input, matching its inputSchema."),
        wait: z.boolean().default(false).describe('Wait for the run to end (default false).'),
        timeoutMs: timeoutSchema,
      },
    },
    async ({ name, input, wait, timeoutMs }, extra) => {
      const { traceId } = await api.runFlow(name, input);
      if (!wait) return result({ traceId, resource: `${TRACE_URI_PREFIX}${traceId}` });
      return result(await waitForEnd(traceId, timeoutMs, extra));
    },
  );

  server.registerTool(
    'cancel_run',
    {
      title: 'Cancel a run',
      description:
        'Stops a running flow: the app aborts the run (its steps and model calls see the abort) and its running ' +
        'spans end with an error saying it was cancelled. Fails when the app no longer runs that trace. ' +
        'With wait: true, returns the outcome once the trace has ended.',
      inputSchema: {
        traceId: traceIdSchema,
        wait: z.boolean().default(false).describe('Wait for the trace to end (default false).'),
        timeoutMs: timeoutSchema,
      },
      annotations: { destructiveHint: true, idempotentHint: true },
    },
    async ({ traceId, wait, timeoutMs }, extra) => {
      await api.cancelRun(traceId);
      if (!wait) return result({ traceId, cancelling: true, resource: `${TRACE_URI_PREFIX}${traceId}` });
      return result(await waitForEnd(traceId, timeoutMs, extra));
    },
  );

  server.registerTool(
    'list_traces',
    {
      title: 'List traces',
      description:
        'The newest traces, newest first, with status, duration and span, error, running and stale counts.',
      inputSchema: {
        status: z
          .enum(['running', 'ok', 'error', 'stale'])
          .optional()
          .describe('Only traces with this status.'),
        q: z
          .string()
          .max(1_024)
          .optional()
          .describe(
            'Only traces with a span whose name, error message or attribute (key or value: inputs, outputs, ' +
              'model names…) contains this text (any case).',
          ),
        limit: z.number().int().min(1).max(100).default(20).describe('How many (default 20, at most 100).'),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ status, q, limit }) => {
      const { traces } = await api.listTraces({ ...(status && { status }), ...(q && { q }), limit });
      const at = now();
      return result({ traces: traces.map((trace) => traceLine(trace, at)) });
    },
  );

  server.registerTool(
    'get_trace',
    {
      title: 'Get a trace',
      description:
        'A trace as a compact tree (one line per span: status, duration, spanId, error or stale reason), failing ' +
        'and stale spans first. With spanId: that span in full, with its attributes, events and children.',
      inputSchema: {
        traceId: traceIdSchema,
        spanId: z
          .string()
          .regex(/^[0-9a-fA-F]{16}$/, 'a span id is 16 hex characters, as the tree shows it after #')
          .optional()
          .describe('One span to show in full.'),
        depth: z
          .number()
          .int()
          .min(0)
          .max(100)
          .optional()
          .describe('Levels of the tree below the root (default all).'),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ traceId, spanId, depth }) => {
      const trace = await api.getTrace(traceId);
      if (spanId === undefined)
        return result(digestTrace(trace, { now: now(), ...(depth !== undefined && { depth }) }));
      const span = trace.spans[spanId];
      if (!span)
        return failure(`trace ${traceId} has no span ${spanId}; get_trace without spanId lists its spans`);
      return result(spanDetail(span, trace, now()));
    },
  );

  server.registerTool(
    'wait_for_trace',
    {
      title: 'Wait for a trace',
      description:
        "Blocks on the trace's live stream until: 'end' (the root ends), 'error' (a span fails), 'stale' (the run " +
        "stopped: crash, restart, silence) or 'span' (a span named spanName appears). Also returns when the trace " +
        'ends or goes stale first, or at the timeout, saying which, with the failing, stale or named span.',
      inputSchema: {
        traceId: traceIdSchema,
        until: z.enum(['end', 'error', 'stale', 'span']),
        spanName: z.string().min(1).optional().describe("The span name to wait for, with until: 'span'."),
        timeoutMs: timeoutSchema,
      },
      annotations: { readOnlyHint: true },
    },
    async ({ traceId, until, spanName, timeoutMs }, extra) => {
      if (until === 'span' && !spanName)
        return failure("until: 'span' needs spanName, the name of the span to wait for");
      const waited = await waitForTrace(api, traceId, {
        until,
        timeoutMs,
        signal: extra.signal,
        ...(spanName && { spanName }),
        ...progressOf(extra),
      });
      return result(await waitReport(traceId, waited, until));
    },
  );

  // Traces as resources: read gives the digest; subscribe follows the live stream and sends `updated`.
  server.registerResource(
    'trace',
    new ResourceTemplate(`${TRACE_URI_PREFIX}{traceId}`, {
      list: async () => {
        const { traces } = await api.listTraces({ limit: 20 });
        return {
          resources: traces.map((trace) => ({
            uri: `${TRACE_URI_PREFIX}${trace.traceId}`,
            name: `${cut(trace.displayName, 80)} (${trace.status})`,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    {
      title: 'A livespan trace',
      description: 'The trace as get_trace shows it; subscribe to hear each change live.',
      mimeType: 'application/json',
    },
    async (uri, { traceId }) => {
      const trace = await api.getTrace(String(traceId));
      return {
        contents: [
          { uri: uri.href, mimeType: 'application/json', text: bounded(digestTrace(trace, { now: now() })) },
        ],
      };
    },
  );

  const subscriptions = new Map<string, AbortController>();
  server.server.setRequestHandler(SubscribeRequestSchema, async ({ params }) => {
    const traceId = params.uri.startsWith(TRACE_URI_PREFIX) ? params.uri.slice(TRACE_URI_PREFIX.length) : '';
    if (!traceIdSchema.safeParse(traceId).success) {
      throw new Error(
        `cannot subscribe to ${params.uri}: livespan resources are ${TRACE_URI_PREFIX}<32 hex trace id>`,
      );
    }
    if (subscriptions.has(params.uri)) return {};
    const controller = new AbortController();
    subscriptions.set(params.uri, controller);
    void followTrace(params.uri, traceId, controller.signal);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async ({ params }) => {
    subscriptions.get(params.uri)?.abort();
    subscriptions.delete(params.uri);
    return {};
  });

  /** Sends `resources/updated` as the trace changes, until unsubscribed. */
  async function followTrace(uri: string, traceId: string, signal: AbortSignal): Promise<void> {
    try {
      for await (const message of api.streamTrace(traceId, signal)) {
        // One update per ingest: the server sends the trace's summary after each ingest's span events.
        if (message.type === 'trace_update' || message.type === 'trace_end') {
          await server.server.sendResourceUpdated({ uri });
        }
      }
    } catch (error) {
      await server.server
        .sendLoggingMessage({
          level: 'warning',
          data: `livespan: stopped following ${uri}: ${String(error)}`,
        })
        .catch(() => {});
    } finally {
      if (subscriptions.get(uri)?.signal === signal) subscriptions.delete(uri);
    }
  }

  /** Waits on the live stream for the run to end (or go stale, or time out), and reports it. */
  async function waitForEnd(
    traceId: string,
    timeoutMs: number,
    extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  ) {
    const waited = await waitForTrace(api, traceId, {
      until: 'end',
      timeoutMs,
      signal: extra.signal,
      ...progressOf(extra),
    });
    return waitReport(traceId, waited);
  }

  async function waitReport(traceId: string, waited: WaitResult, until: string = 'end') {
    const at = now();
    const trace = waited.trace;
    const report: Record<string, unknown> = {
      traceId,
      outcome: waited.outcome,
      met: waited.outcome === (until === 'end' ? 'ended' : until),
      ...(trace && { trace: traceLine(trace, at) }),
    };
    if (!trace) {
      report.note = 'no span of this trace has reached the server yet';
      return report;
    }
    const spans = new Map(Object.entries(trace.spans));
    if (waited.span) report.span = spanBrief(waited.span, spans, at);
    const digest = digestTrace(trace, { now: at, depth: 4 });
    if (digest.output !== undefined) report.output = digest.output;
    if (digest.failures && waited.outcome !== 'error') report.failures = digest.failures;
    if (waited.outcome === 'timeout') {
      report.running = [...spans.values()]
        .filter((s) => s.endTime === 0 && !s.stale)
        .slice(0, 10)
        .map((s) => spanBrief(s, spans, at));
    }
    if (waited.outcome === 'stale') report.app = await appReport(trace.appId);
    report.tree = digest.tree;
    if (digest.note) report.note = digest.note;
    return report;
  }

  /** The exit and last stderr lines of the app that sent the trace, when livespan start runs it. */
  async function appReport(appId: string | undefined) {
    const app = await api.getApp().catch(() => undefined);
    if (!app || app.state === 'none' || app.appId !== appId) return undefined;
    return {
      state: app.state,
      command: cut(app.command, 200),
      ...(app.exit && { exit: app.exit }),
      stderrTail: app.stderrTail.slice(-10).map((line) => cut(line, 300)),
    };
  }

  return {
    server,
    async close() {
      for (const controller of subscriptions.values()) controller.abort();
      subscriptions.clear();
      await server.close();
    },
  };
}

/**
 * A progress notification per live event when the client asked for progress:
 * clients that reset their request timeout on progress then do not give up on a long wait.
 */
function progressOf(extra: RequestHandlerExtra<ServerRequest, ServerNotification>): {
  onChange?: () => void;
} {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return {};
  let events = 0;
  return {
    onChange: () => {
      events++;
      void extra
        .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: events } })
        .catch(() => {});
    },
  };
}

function result(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: bounded(value) }] };
}

function failure(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** JSON of `value`, cut at `MAX_RESULT_CHARS` with a note if the views' own budgets were not enough. */
function bounded(value: unknown): string {
  return cut(JSON.stringify(value, null, 1), MAX_RESULT_CHARS);
}
