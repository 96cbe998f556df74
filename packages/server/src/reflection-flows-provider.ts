import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { LOOPBACK_HOSTS, RUNTIMES_FOLDER, type RuntimeFile } from '@livespan/tracing/wire';
import {
  type ConnectedApp,
  type FlowInfo,
  type FlowStream,
  FlowsError,
  type FlowsProvider,
  NO_APP_MESSAGE,
} from './flows-provider.js';

export interface ReflectionFlowsProviderOptions {
  /** Directory holding `.genkit/runtimes/*.json`, usually the app's project root. */
  projectRoot: string;
  /**
   * Which runtimes may be used, asked on every lookup. Default: any. See
   * `runtimeWithId` (the app `livespan start` launched) and `runtimeSendingTo`.
   */
  accept?: (runtime: RuntimeFile) => boolean;
  /** Said when no runtime is accepted. Default `NO_APP_MESSAGE`. */
  noAppMessage?: () => string;
  /** Longest wait for a health check, in ms. Default 1 000. */
  healthTimeoutMs?: number;
}

/** Accepts only the runtime whose id is `id()` now: the launch `livespan start` runs, never another session's app. */
export function runtimeWithId(id: () => string | undefined): (runtime: RuntimeFile) => boolean {
  return (runtime) => runtime.id === id();
}

/**
 * Accepts runtimes that send their traces to `serverUrl()`, and those that do
 * not say where they send (Genkit writes no telemetry URL); never one that names another server.
 */
export function runtimeSendingTo(serverUrl: () => string | undefined): (runtime: RuntimeFile) => boolean {
  return (runtime) => {
    const ours = serverUrl();
    return (
      runtime.telemetryServerUrl === undefined ||
      (ours !== undefined && sameServer(runtime.telemetryServerUrl, ours))
    );
  };
}

function sameServer(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    const host = (url: URL) => (LOOPBACK_HOSTS.has(url.hostname) ? 'loopback' : url.hostname);
    return x.protocol === y.protocol && x.port === y.port && host(x) === host(y);
  } catch {
    return false;
  }
}

/**
 * Finds the app the Genkit way, through the runtime files its reflection
 * server writes to `.genkit/runtimes/`, and lists, runs and cancels its flows
 * through that reflection API (`GET /api/actions`, `POST /api/runAction`,
 * `POST /api/cancelAction`). The
 * newest runtime whose process is alive and whose health check answers wins;
 * it is looked up again on every call, so app restarts are followed.
 */
export function createReflectionFlowsProvider(options: ReflectionFlowsProviderOptions): FlowsProvider {
  const runtimesDir = path.join(options.projectRoot, ...RUNTIMES_FOLDER);
  const healthTimeoutMs = options.healthTimeoutMs ?? 1_000;
  const accept = options.accept ?? (() => true);

  async function findApp(): Promise<{ url: string; app: ConnectedApp }> {
    for (const runtime of await readRuntimes(runtimesDir)) {
      if (!accept(runtime) || !isAlive(runtime.pid)) continue;
      const url = runtime.reflectionServerUrl.replace(/\/+$/, '');
      if (await isHealthy(url, healthTimeoutMs)) return { url, app: connectedApp(runtime, url) };
    }
    throw new FlowsError(503, options.noAppMessage?.() ?? NO_APP_MESSAGE);
  }

  return {
    async listFlows() {
      const { url, app } = await findApp();
      const response = await request(`${url}/api/actions`);
      if (!response.ok) throw await appError(response);
      const actions = (await response.json()) as Record<string, Partial<FlowInfo>>;
      const flows = Object.entries(actions)
        .filter(([key]) => key.startsWith('/flow/'))
        .map(([key, action]) => ({
          key,
          name: action.name ?? key.slice('/flow/'.length),
          ...(action.description !== undefined && { description: action.description }),
          ...(action.inputSchema !== undefined && { inputSchema: action.inputSchema }),
          ...(action.outputSchema !== undefined && { outputSchema: action.outputSchema }),
          ...(action.streamSchema !== undefined && { streamSchema: action.streamSchema }),
          ...(action.metadata !== undefined && { metadata: action.metadata }),
        }));
      return { flows, app };
    },

    async runFlow(name, input) {
      const { url } = await findApp();
      const response = await request(`${url}/api/runAction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: `/flow/${name}`, input }),
      });
      if (!response.ok) throw await appError(response);
      const traceId = response.headers.get('x-genkit-trace-id');
      if (traceId) {
        // The flow keeps running and the app streams its result; read it to the end so the app is not cut off.
        void drain(response.body?.getReader());
        return { traceId };
      }
      const body = (await response.json().catch(() => ({}))) as {
        telemetry?: { traceId?: string };
        error?: unknown;
      };
      if (body.error) throw toFlowsError(400, body);
      if (!body.telemetry?.traceId)
        throw new FlowsError(502, 'the app ran the flow but reported no trace id');
      return { traceId: body.telemetry.traceId };
    },

    async streamFlow(name, input) {
      const { url } = await findApp();
      const response = await request(`${url}/api/runAction?stream=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key: `/flow/${name}`, input }),
      });
      if (!response.ok) throw await appError(response);
      // Genkit and @livespan/flows both send it with the headers, before any chunk.
      const traceId = response.headers.get('x-genkit-trace-id');
      if (!traceId || !response.body) {
        await response.body?.cancel();
        throw new FlowsError(502, 'the app started a streaming run but sent no X-Genkit-Trace-Id header');
      }
      return { traceId, events: runStreamEvents(response.body) };
    },

    async cancelRun(traceId) {
      const { url } = await findApp();
      const response = await request(`${url}/api/cancelAction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ traceId }),
      });
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      // Genkit answers 404 both for a run it no longer has and (as an unknown route) when it predates cancelling.
      if (response.status === 404) {
        await response.body?.cancel();
        throw new FlowsError(
          404,
          `the app is not running trace ${traceId}: it has ended, or the app does not serve cancellation`,
        );
      }
      throw await appError(response);
    },
  };
}

function connectedApp(runtime: RuntimeFile, url: string): ConnectedApp {
  return {
    runtimeId: String(runtime.id),
    name: runtime.name || runtime.projectName || `pid ${runtime.pid}`,
    pid: runtime.pid,
    startedAt: timeOf(runtime.timestamp),
    reflectionServerUrl: url,
  };
}

async function readRuntimes(dir: string): Promise<RuntimeFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  const runtimes: RuntimeFile[] = [];
  for (const name of names) {
    try {
      const value = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Partial<RuntimeFile>;
      if (typeof value.pid === 'number' && typeof value.reflectionServerUrl === 'string')
        runtimes.push(value as RuntimeFile);
    } catch {
      // a file being written or left half-written by a crash is not an app
    }
  }
  return runtimes.sort((a, b) => timeOf(b.timestamp) - timeOf(a.timestamp));
}

function timeOf(timestamp: string | number | undefined): number {
  const time = typeof timestamp === 'number' ? timestamp : Date.parse(timestamp ?? '');
  return Number.isFinite(time) ? time : 0;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isHealthy(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/__health`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new FlowsError(503, `cannot reach the app at ${url}: ${(error as Error).message}`);
  }
}

async function drain(reader: ReadableStreamDefaultReader<unknown> | undefined): Promise<void> {
  if (!reader) return;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      // discarded: the trace, not this answer, is what the UI shows
    }
  } catch {
    // the app went away mid-answer; the trace shows what happened
  }
}

/**
 * Genkit's streamed `runAction` answer: each chunk as one JSON line ending in
 * a newline, then the final `{result}` or `{error}` with no newline after it.
 * Once the caller stops reading, the rest is still read and dropped.
 */
async function* runStreamEvents(body: ReadableStream<Uint8Array>): FlowStream['events'] {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  let finished = false;
  try {
    for (;;) {
      let read: Awaited<ReturnType<typeof reader.read>>;
      try {
        read = await reader.read();
      } catch (error) {
        finished = true;
        // Also when the app sends nothing for 5 minutes (fetch's body timeout): the run itself may go on.
        yield {
          error: `the app's answer broke off (${(error as Error).message}); the run may still be going: its trace shows it`,
        };
        return;
      }
      if (read.done) break;
      buffered += read.value;
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (line.trim() !== '') yield { chunk: parseLine(line) };
      }
    }
    finished = true;
    yield finalEvent(buffered);
  } finally {
    // The caller stopped early (its client went away): finish reading so the app is not cut off.
    if (!finished) void drain(reader);
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

function finalEvent(text: string): { result: unknown } | { error: string } {
  if (text.trim() === '') return { error: 'the app ended the stream without a result' };
  const final = parseLine(text) as { result?: unknown; error?: unknown } | string;
  if (typeof final === 'object' && final !== null) {
    if ('error' in final) return { error: toFlowsError(500, final).message };
    if ('result' in final) return { result: final.result };
  }
  return { error: `the app ended the stream with no result: ${text.slice(0, 200)}` };
}

async function appError(response: Response): Promise<FlowsError> {
  // Genkit answers some errors (an unknown action: 404 "action /flow/x not found") as plain text.
  const text = (await response.text().catch(() => '')).trim();
  let body: unknown = {};
  try {
    body = JSON.parse(text);
  } catch {
    if (text) body = { message: text.slice(0, 500) };
  }
  return toFlowsError(response.status, body);
}

/** Genkit answers errors as `{error: {message, status?}}`, `{message, status?}` or `{error: "..."}`. */
function toFlowsError(status: number, body: unknown): FlowsError {
  const record = (body ?? {}) as { error?: unknown; message?: unknown; status?: unknown };
  const inner = (typeof record.error === 'object' && record.error !== null ? record.error : record) as {
    message?: unknown;
    status?: unknown;
  };
  const message =
    typeof inner.message === 'string'
      ? inner.message
      : typeof record.error === 'string'
        ? record.error
        : `the app answered ${status}`;
  if (status === 404 || /not found/i.test(message)) return new FlowsError(404, message);
  const invalid =
    status === 400 || inner.status === 'INVALID_ARGUMENT' || /schema|validat|invalid/i.test(message);
  return new FlowsError(invalid ? 400 : 502, message);
}
