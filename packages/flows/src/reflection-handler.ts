import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AnyFlow, FlowRun } from './define-flow.js';
import { describeFlow, flowNameFromKey } from './flow-action.js';
import { FlowCancelledError, FlowInputError } from './flow-errors.js';
import type { FlowRegistry } from './flow-registry.js';
import { flushTracing } from './flush-tracing.js';
import { refuseNonLocal } from './localhost-guard.js';
import { runtimeVersionLabel } from './package-version.js';

/** Genkit's status codes (google.rpc.Code) used in error bodies. */
const Code = { CANCELLED: 1, INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, INTERNAL: 13 } as const;

export interface ReflectionHandlerOptions {
  registry: FlowRegistry;
  /** The runtime id `GET /api/__health?id=` is checked against. */
  runtimeId: () => string;
  /** Run before a result is answered. Default: flush the global tracer provider (bounded). */
  flush?: () => Promise<void>;
  /** Largest request body accepted. Default 10 MiB. */
  bodyLimitBytes?: number;
}

/** A refusal of the reflection API, answered with its HTTP status and Genkit's status code. */
class ReflectionError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * The dev reflection API, Genkit's routes for flows: `GET /api/__health`,
 * `GET /api/actions`, `POST /api/runAction`, `POST /api/cancelAction`, plus `GET /api/envs` and
 * `POST /api/notify`, which Genkit's tooling calls. Errors are
 * `{ error: { code, message, details? } }`.
 */
export function createReflectionHandler(options: ReflectionHandlerOptions): RequestListener {
  const flush = options.flush ?? (() => flushTracing());
  const bodyLimit = options.bodyLimitBytes ?? 10 * 1024 * 1024;
  /** Runs started here that are still going, by trace id: what `cancelAction` can stop. */
  const running = new Map<string, AbortController>();
  return (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const status = error instanceof ReflectionError ? error.status : 500;
      const body = errorBody(error);
      if (!res.headersSent) sendJson(res, status, body);
      else res.end(JSON.stringify(body));
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = refuseNonLocal(req);
    if (refusal) throw new ReflectionError(403, Code.PERMISSION_DENIED, refusal);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /api/__health': {
        const id = url.searchParams.get('id');
        if (id !== null && id !== options.runtimeId()) return sendText(res, 503, 'Invalid runtime ID');
        return sendText(res, 200, 'OK');
      }
      case 'GET /api/actions':
        return sendJson(
          res,
          200,
          Object.fromEntries(options.registry.list().map((f) => [`/flow/${f.name}`, describeFlow(f)])),
        );
      case 'GET /api/envs':
        return sendJson(res, 200, ['dev']);
      case 'POST /api/notify':
        await readJson(req, bodyLimit);
        return sendText(res, 200, 'OK');
      case 'POST /api/runAction':
        return runAction(req, res, url.searchParams.get('stream') === 'true');
      case 'POST /api/cancelAction':
        return cancelAction(req, res);
      default:
        throw new ReflectionError(404, Code.NOT_FOUND, `No route ${route}`);
    }
  }

  async function runAction(req: IncomingMessage, res: ServerResponse, stream: boolean): Promise<void> {
    const body = await readJson(req, bodyLimit);
    if (typeof body !== 'object' || body === null || typeof (body as { key?: unknown }).key !== 'string') {
      throw new ReflectionError(
        400,
        Code.INVALID_ARGUMENT,
        'Body must be a JSON object {"key": string, "input"?: any}',
      );
    }
    const { key, input } = body as { key: string; input?: unknown };
    const name = flowNameFromKey(key);
    const flow: AnyFlow | undefined = name === undefined ? undefined : options.registry.get(name);
    if (!flow) throw new ReflectionError(404, Code.NOT_FOUND, `action ${key} not found`);

    const controller = new AbortController();
    // Genkit's streaming contract: each chunk as one JSON line, then the result (or error) as the last line.
    // Chunks sent before the headers are out wait for them, so the trace id is always first.
    const early: string[] = [];
    const onChunk = (chunk: unknown) => {
      const line = `${JSON.stringify(chunk ?? null)}\n`;
      if (res.headersSent) res.write(line);
      else early.push(line);
    };
    let started: FlowRun<unknown>;
    try {
      started = flow.start(input, { signal: controller.signal, ...(stream && { onChunk }) });
    } catch (error) {
      if (error instanceof FlowInputError) {
        throw new ReflectionError(400, Code.INVALID_ARGUMENT, error.message, { issues: error.issues });
      }
      throw error;
    }
    // The caller learns the trace id now, while the flow runs, as with Genkit's onTraceStart.
    res.writeHead(200, {
      'Content-Type': stream ? 'text/plain' : 'application/json',
      'X-Genkit-Trace-Id': started.traceId,
      'X-Genkit-Span-Id': started.spanId,
      'X-Genkit-Version': runtimeVersionLabel(),
    });
    res.flushHeaders();
    for (const line of early.splice(0)) res.write(line);
    running.set(started.traceId, controller);
    let answer: string;
    try {
      const result = await started.result;
      answer = JSON.stringify({ result, telemetry: { traceId: started.traceId } });
    } catch (error) {
      answer = JSON.stringify(errorBody(error, started.traceId));
    } finally {
      running.delete(started.traceId);
    }
    await flush();
    res.end(answer);
  }

  /** Genkit's contract: 200 `{message: 'Action cancelled'}`, or 404 when no run of that trace is going. */
  async function cancelAction(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req, bodyLimit);
    const traceId = (body as { traceId?: unknown } | null)?.traceId;
    if (typeof traceId !== 'string' || traceId === '') {
      throw new ReflectionError(400, Code.INVALID_ARGUMENT, 'Body must be a JSON object {"traceId": string}');
    }
    const controller = running.get(traceId);
    if (!controller) return sendJson(res, 404, { message: 'Action not found or already completed' });
    running.delete(traceId);
    controller.abort();
    return sendJson(res, 200, { message: 'Action cancelled' });
  }
}

function errorBody(error: unknown, traceId?: string) {
  if (error instanceof FlowCancelledError) {
    return {
      error: { code: Code.CANCELLED, message: error.message, details: { ...(traceId && { traceId }) } },
    };
  }
  if (error instanceof ReflectionError) {
    return {
      error: { code: error.code, message: error.message, ...(error.details && { details: error.details }) },
    };
  }
  const { message, stack } = error instanceof Error ? error : { message: String(error), stack: undefined };
  return { error: { code: Code.INTERNAL, message, details: { stack, ...(traceId && { traceId }) } } };
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new ReflectionError(413, Code.INVALID_ARGUMENT, `Body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ReflectionError(
      400,
      Code.INVALID_ARGUMENT,
      `Body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' }).end(text);
}
