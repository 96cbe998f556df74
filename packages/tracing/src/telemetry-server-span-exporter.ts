import http from 'node:http';
import https from 'node:https';
import { context } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ExportError } from './export-error.js';
import { secretValuesFromEnv } from './redact-secrets.js';
import { groupByTrace, spanToWire } from './span-to-wire.js';
import type { TraceData } from './wire-types.js';

/**
 * Response header by which a server says its trace endpoint also takes a JSON
 * array of `TraceData`, so a batch of many traces needs one request, not one each.
 */
export const TRACE_ARRAYS_HEADER = 'x-livespan-accepts-trace-arrays';

/**
 * Request header by which livespan's exporter says whether its app exports
 * spans when they start (`true`, RealtimeSpanProcessor) or only when they end
 * (`false`). Its presence also tells the server the sender is livespan's exporter.
 */
export const REALTIME_HEADER = 'x-livespan-realtime';

/**
 * Request header by which a sender promises a sign of life at least every this
 * many ms while it has open spans (RealtimeSpanProcessor's heartbeat). Absent:
 * no promise, so silence alone does not mean the app died.
 */
export const HEARTBEAT_HEADER = 'x-livespan-heartbeat-ms';

export interface TelemetryServerSpanExporterOptions {
  /** Base URL of the telemetry server, e.g. `http://localhost:4000`. */
  telemetryServerUrl: string;
  /** Path that receives `TraceData`. Default `/api/traces` (Genkit's). */
  endpoint?: string;
  /** Longest one request may take, in ms. Default 10 000. */
  timeoutMs?: number;
  /** Retries after a connection error or a 5xx answer. Default 3. */
  maxRetries?: number;
  /** First retry delay in ms; doubles on each retry. Default 100. */
  retryDelayMs?: number;
  /** Sockets kept open to the server. Default 4. */
  maxSockets?: number;
}

/**
 * Sends spans to a Genkit-compatible telemetry server as `TraceData` JSON,
 * one POST per trace per batch. Every trace of a batch is sent, each with
 * bounded retries; the result reports failure instead of throwing.
 */
export class TelemetryServerSpanExporter implements SpanExporter {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryDelayMs: number;
  private readonly inFlight = new Set<Promise<unknown>>();
  private isShutdown = false;
  private acceptsTraceArrays = false;
  /** Read once: secret values (e.g. `GEMINI_API_KEY`'s) never leave the process in span data. */
  private readonly secretValues = secretValuesFromEnv();
  private failed = 0;

  constructor(options: TelemetryServerSpanExporterOptions) {
    // Appended as Genkit does, so a base URL with a path (`livespan start` gives `<server>/apps/<id>`) keeps it.
    this.url = new URL(`${options.telemetryServerUrl.replace(/\/+$/, '')}${options.endpoint ?? '/api/traces'}`);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new TypeError(
        `telemetryServerUrl must be http(s), got ${JSON.stringify(options.telemetryServerUrl)}`,
      );
    }
    const Agent = this.url.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 4 });
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 100;
  }

  /** Spans whose delivery failed for good. */
  get failedSpanCount(): number {
    return this.failed;
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
    const traces = groupByTrace(spans.map((span) => spanToWire(span, this.secretValues)));
    const sent = this.sendAll(traces);
    this.inFlight.add(sent);
    void sent.then((errors) => {
      this.inFlight.delete(sent);
      const failures = errors.filter((error) => error !== undefined);
      if (failures.length === 0) return resultCallback({ code: ExportResultCode.SUCCESS });
      for (let i = 0; i < traces.length; i++) {
        if (errors[i]) this.failed += Object.keys(traces[i]!.spans).length;
      }
      resultCallback({ code: ExportResultCode.FAILED, error: failures[0] });
    });
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  async shutdown(): Promise<void> {
    if (this.isShutdown) return;
    this.isShutdown = true;
    await this.forceFlush();
    this.agent.destroy();
  }

  /**
   * Posts every trace: in one request when the server said it takes arrays of
   * traces (a livespan server does), else one request per trace as Genkit's
   * protocol wants. Resolves to each trace's final error, if any.
   */
  private async sendAll(traces: TraceData[]): Promise<Array<ExportError | undefined>> {
    if (this.acceptsTraceArrays && traces.length > 1) {
      const error = await this.send(JSON.stringify(traces));
      if (error?.retryable !== false) return traces.map(() => error);
      this.acceptsTraceArrays = false; // another server now answers here: speak plain Genkit again
    }
    return Promise.all(traces.map((trace) => this.send(JSON.stringify(trace))));
  }

  /** Posts one body, retrying what may succeed later. Resolves to the final error, if any. */
  private async send(body: string): Promise<ExportError | undefined> {
    let error: ExportError | undefined;
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      if (attempt > 0) await delay(this.retryDelayMs * 2 ** (attempt - 1));
      error = await this.post(body);
      if (!error?.retryable) return error;
    }
    return error;
  }

  private post(body: string): Promise<ExportError | undefined> {
    return new Promise((resolve) => {
      // Our own HTTP calls must not be traced, or HTTP auto-instrumentation would feed them back to us.
      context.with(suppressTracing(context.active()), () => {
        const client = this.url.protocol === 'https:' ? https : http;
        const request = client.request(
          this.url,
          {
            method: 'POST',
            agent: this.agent,
            timeout: this.timeoutMs,
            headers: {
              'content-type': 'application/json',
              accept: 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', (cause) =>
              resolve(new ExportError(`response from ${this.url}: ${cause.message}`, true)),
            );
            response.on('end', () => {
              const status = response.statusCode ?? 0;
              if (response.headers[TRACE_ARRAYS_HEADER] === 'true') this.acceptsTraceArrays = true;
              if (status >= 200 && status < 300) return resolve(undefined);
              const text = Buffer.concat(chunks).toString('utf8').slice(0, 500);
              resolve(
                new ExportError(`${this.url} answered ${status}: ${text}`, status >= 500 || status === 429),
              );
            });
          },
        );
        request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
        request.on('error', (cause: NodeJS.ErrnoException) =>
          resolve(new ExportError(`cannot reach ${this.url}: ${cause.code ?? cause.message}`, true)),
        );
        request.end(body);
      });
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
