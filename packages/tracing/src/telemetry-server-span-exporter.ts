import http from 'node:http';
import https from 'node:https';
import { context } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { BodyBuffers } from './body-buffers.js';
import { secretValuesFromEnv } from './environment.js';
import { ExportError } from './export-error.js';
import type { RealtimeAwareExporter, RealtimeMode } from './realtime-aware-exporter.js';
import { type TraceJson, tracesToJson } from './trace-json.js';
import { ACCESS_TOKEN_ENV, bearer } from './wire/access-token.js';
import { HEARTBEAT_HEADER, REALTIME_HEADER, TRACE_ARRAYS_HEADER } from './wire/headers.js';

export interface TelemetryServerSpanExporterOptions {
  /** Base URL of the telemetry server, e.g. `http://localhost:4000`. */
  telemetryServerUrl: string;
  /** Path that receives `TraceData`. Default `/api/traces` (Genkit's). */
  endpoint?: string;
  /** Longest one request may take, in ms; then it is abandoned and counts as a retryable failure. Default 10 000. */
  timeoutMs?: number;
  /** Sockets kept open to the server. Default 4. */
  maxSockets?: number;
  /**
   * Whether the app exports spans when they start (sent as `x-livespan-realtime`).
   * Default `false`, right under OpenTelemetry's Simple/BatchSpanProcessor;
   * `RealtimeSpanProcessor` sets it when given this exporter.
   */
  realtime?: boolean;
  /**
   * The sign of life the app promises while spans are open, in ms (sent as
   * `x-livespan-heartbeat-ms`). Default 0: no promise, no header;
   * `RealtimeSpanProcessor` sets it to its `heartbeatMs`.
   */
  heartbeatMs?: number;
  /**
   * Environment whose secret-named variables (`GEMINI_API_KEY`, `*_TOKEN`, …)
   * hold values that must never leave the app; read once. Default `process.env`.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Access token of a server that requires one, sent as `Authorization:
   * Bearer`; never logged, and redacted from span data like other secrets.
   * Default: `LIVESPAN_TOKEN` of `env`.
   */
  token?: string;
}

/**
 * Sends spans to a Genkit-compatible telemetry server as `TraceData` JSON,
 * one POST per trace per batch. The result reports failure instead of throwing.
 *
 * Each export is one attempt: retries, backoff and deadlines belong to the
 * caller (`RealtimeSpanProcessor`), which owns the queue and knows when the
 * app is exiting. Retrying here too would keep sending a batch the processor
 * had already given up on or queued again. The one exception is a kept-alive
 * socket the server had already closed (it closes idle ones after 5 s, unseen
 * while the app's event loop was busy): that request never reached the
 * server, so it is sent again at once on a fresh connection.
 */
export class TelemetryServerSpanExporter implements SpanExporter, RealtimeAwareExporter {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly maxSockets: number;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly requests = new Set<http.ClientRequest>();
  private readonly bodies = new BodyBuffers();
  /** Every request's headers but its length: made once per mode, not per request. */
  private headers: Record<string, string>;
  private isShutdown = false;
  private aborted = false;
  private acceptsTraceArrays = false;
  /** The server answered a request: `acceptsTraceArrays` says what it takes. */
  private hasAnswered = false;
  /** Read once: secret values (e.g. `GEMINI_API_KEY`'s) never leave the process in span data. */
  private readonly secretValues: string[];
  private rejected = 0;
  /** The `Authorization` header when a token is set; part of `headers` in every mode. */
  private readonly authorization: Record<string, string>;

  constructor(options: TelemetryServerSpanExporterOptions) {
    // Appended as Genkit does, so a base URL with a path (`livespan start` gives `<server>/apps/<id>`) keeps it.
    this.url = new URL(
      `${options.telemetryServerUrl.replace(/\/+$/, '')}${options.endpoint ?? '/api/traces'}`,
    );
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new TypeError(
        `telemetryServerUrl must be http(s), got ${JSON.stringify(options.telemetryServerUrl)}`,
      );
    }
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.maxSockets = options.maxSockets ?? 4;
    this.agent = new Agent({ keepAlive: true, maxSockets: this.maxSockets });
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const env = options.env ?? process.env;
    this.secretValues = secretValuesFromEnv(env);
    const token = options.token ?? (env[ACCESS_TOKEN_ENV]?.trim() || undefined);
    if (token !== undefined && !this.secretValues.includes(token)) this.secretValues.push(token);
    this.authorization = token === undefined ? {} : { authorization: bearer(token) };
    this.headers = this.requestHeaders({
      realtime: options.realtime ?? false,
      heartbeatMs: options.heartbeatMs ?? 0,
    });
  }

  /** Spans the server rejected (a 4xx other than 429): no retry can deliver them. */
  get failedSpanCount(): number {
    return this.rejected;
  }

  /** Called by `RealtimeSpanProcessor`: what the requests promise from now on. */
  useRealtimeMode(mode: RealtimeMode): void {
    this.headers = this.requestHeaders(mode);
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.isShutdown) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: new ExportError('exporter is shut down', false),
      });
      return;
    }
    // Converted now, on this tick, so a later change to a live span cannot leak into this snapshot.
    const traces = tracesToJson(spans, this.secretValues);
    const sent = this.sendAll(traces);
    this.inFlight.add(sent);
    void sent.then((errors) => {
      this.inFlight.delete(sent);
      const failures = errors.filter((error) => error !== undefined);
      if (failures.length === 0) return resultCallback({ code: ExportResultCode.SUCCESS });
      for (let i = 0; i < traces.length; i++) {
        if (errors[i]?.retryable === false) this.rejected += traces[i]!.spanCount;
      }
      // A retryable failure first: the caller may then send the whole batch again.
      const error = failures.find((failure) => failure.retryable) ?? failures[0];
      resultCallback({ code: ExportResultCode.FAILED, error });
    });
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /** Waits for the requests in flight (each bounded by `timeoutMs`), then closes every socket. */
  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    await this.forceFlush();
    this.agent.destroy();
  }

  abort(): void {
    this.aborted = true;
    for (const request of this.requests) request.destroy(new Error('aborted at shutdown'));
    this.agent.destroy();
  }

  private requestHeaders(mode: RealtimeMode): Record<string, string> {
    return {
      ...modeHeaders(mode),
      ...this.authorization,
      'content-type': 'application/json',
      accept: 'application/json',
    };
  }

  /**
   * Posts every trace: in one request when the server said it takes arrays of
   * traces (a livespan server does), else one request per trace as Genkit's
   * protocol wants. Resolves to each trace's error, if any.
   */
  private async sendAll(traces: TraceJson[], mayAskFirst = true): Promise<Array<ExportError | undefined>> {
    if (mayAskFirst && !this.hasAnswered && traces.length > 1) {
      // Whether the server takes arrays is learnt from its first answer: the first trace goes alone,
      // so that a burst at start-up does not become one request per trace.
      const first = await this.send([traces[0]!.json]);
      return [first, ...(await this.sendAll(traces.slice(1), false))];
    }
    if (this.acceptsTraceArrays && traces.length > 1) {
      const error = await this.send(arrayPieces(traces));
      if (error?.retryable !== false) return traces.map(() => error);
      this.acceptsTraceArrays = false; // another server now answers here: speak plain Genkit again
    }
    return Promise.all(traces.map((trace) => this.send([trace.json])));
  }

  /**
   * Posts one body, made of `pieces`. A request on a reused socket that the server had closed
   * is sent again at once; each free socket may be such a one, hence the bound.
   */
  private async send(pieces: readonly string[]): Promise<ExportError | undefined> {
    const body = this.bodies.write(pieces);
    try {
      for (let attempt = 0; ; attempt++) {
        const outcome = await this.post(body);
        if (!outcome.staleSocket || attempt >= this.maxSockets) return outcome.error;
      }
    } finally {
      this.bodies.release(body);
    }
  }

  /** Resolves once the request is closed, so that nothing reads `body` any more. */
  private post(body: Buffer): Promise<{ error?: ExportError; staleSocket?: boolean }> {
    return new Promise((resolve) => {
      let outcome: { error?: ExportError; staleSocket?: boolean } | undefined;
      // Our own HTTP calls must not be traced, or HTTP auto-instrumentation would feed them back to us.
      context.with(suppressTracing(context.active()), () => {
        const client = this.url.protocol === 'https:' ? https : http;
        const request = client.request(
          this.url,
          {
            method: 'POST',
            agent: this.agent,
            timeout: this.timeoutMs,
            headers: { ...this.headers, 'content-length': body.length },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', (cause) => {
              outcome ??= { error: new ExportError(`response from ${this.url}: ${cause.message}`, true) };
            });
            response.on('end', () => {
              const status = response.statusCode ?? 0;
              this.hasAnswered = true;
              if (response.headers[TRACE_ARRAYS_HEADER] === 'true') this.acceptsTraceArrays = true;
              if (status >= 200 && status < 300) {
                outcome = {};
                return;
              }
              const text = Buffer.concat(chunks).toString('utf8').slice(0, 500);
              const retryable = status >= 500 || status === 429;
              outcome = { error: new ExportError(`${this.url} answered ${status}: ${text}`, retryable) };
            });
          },
        );
        this.requests.add(request);
        request.on('close', () => {
          this.requests.delete(request);
          resolve(
            outcome ?? { error: new ExportError(`${this.url} closed the connection before answering`, true) },
          );
        });
        request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
        request.on('error', (cause: NodeJS.ErrnoException) => {
          outcome ??= {
            error: new ExportError(`cannot reach ${this.url}: ${cause.code ?? cause.message}`, true),
            staleSocket: request.reusedSocket && isClosedByPeer(cause) && !this.aborted,
          };
        });
        request.end(body);
      });
    });
  }
}

/** A JSON array of `traces`, as pieces of one body. */
function arrayPieces(traces: readonly TraceJson[]): string[] {
  const pieces = ['['];
  for (let i = 0; i < traces.length; i++) pieces.push(i > 0 ? ',' : '', traces[i]!.json);
  pieces.push(']');
  return pieces;
}

/** A reused socket failing like this means the server closed it while it sat idle. */
function isClosedByPeer(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ECONNRESET' || error.code === 'EPIPE';
}

function modeHeaders(mode: RealtimeMode): Record<string, string> {
  return {
    [REALTIME_HEADER]: String(mode.realtime),
    ...(mode.heartbeatMs > 0 && { [HEARTBEAT_HEADER]: String(mode.heartbeatMs) }),
  };
}
