import { CodeBlock } from '../components/code-block';

/** How long a trace may take to arrive before the page says it has not. */
export const TRACE_OVERDUE_MS = 5_000;

/**
 * The trace page before any span arrived. At first it just waits; once
 * `overdue`, it says the trace has not reached this server and what to check,
 * while still waiting (the page updates by itself if it arrives).
 */
export function TraceWaiting({ traceId, overdue }: { traceId: string; overdue: boolean }) {
  if (!overdue) {
    return (
      <div className="trace-message" data-waiting="pending">
        <p>
          Waiting for trace <span className="mono">{traceId}</span>…
        </p>
        <p className="muted">It appears here as soon as its first span arrives.</p>
      </div>
    );
  }
  const origin = window.location.origin;
  return (
    <section className="trace-message trace-overdue" data-waiting="overdue" aria-label="Trace not received">
      <h2>
        Trace <span className="mono">{traceId}</span> has not reached this server yet
      </h2>
      <p>
        No span of it was received here. The app must send its traces to this server; with{' '}
        <code>livespan start</code> that is set for you. Otherwise, start the app with:
      </p>
      <CodeBlock text={`GENKIT_TELEMETRY_SERVER=${origin}`} label="telemetry server" />
      <p className="muted">
        OTLP exporters: <code>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT={origin}/v1/traces</code>. Still waiting: the
        trace shows up here the moment its first span arrives.
      </p>
    </section>
  );
}
