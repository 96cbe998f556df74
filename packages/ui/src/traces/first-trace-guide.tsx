import { CodeBlock } from '../components/code-block';
import { StatusDot } from '../components/status-badge';
import { ImportButton } from '../import/import-button';
import './first-trace-guide.css';

function snippets(origin: string) {
  return {
    initTracing: `// GENKIT_ENABLE_REALTIME_TELEMETRY=true node app.js
import { initTracing } from '@livespan/tracing';

const tracing = initTracing({ telemetryServerUrl: '${origin}' });
// ... your app ...
await tracing.shutdown();`,
    processor: `import { trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';

const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: '${origin}' });
const provider = new BasicTracerProvider({
  spanProcessors: [new RealtimeSpanProcessor(exporter)],
});
trace.setGlobalTracerProvider(provider);`,
    otlp: `import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

const exporter = new OTLPTraceExporter({ url: '${origin}/v1/traces' });
// or: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${origin}/v1/traces`,
  };
}

/** Empty state of the trace list: how to send a first trace to this server. */
export function FirstTraceGuide() {
  const code = snippets(window.location.origin);
  return (
    <section className="guide" aria-label="Send your first trace">
      <h2>No traces yet</h2>
      <p>Send spans from your app to this server and they show up here the moment they start.</p>
      <div className="guide-step">
        <h3>1. Set up tracing with @livespan/tracing</h3>
        <p>Realtime mode exports every span when it starts and again when it ends.</p>
        <CodeBlock text={code.initTracing} label="initTracing setup" />
      </div>
      <div className="guide-step">
        <h3>Or wire the realtime processor yourself</h3>
        <CodeBlock text={code.processor} label="RealtimeSpanProcessor setup" />
      </div>
      <div className="guide-step">
        <h3>Or point any OpenTelemetry OTLP exporter here</h3>
        <p>Spans then arrive when they end (OTLP exporters do not send running spans).</p>
        <CodeBlock text={code.otlp} label="OTLP exporter setup" />
      </div>
      <div className="guide-step guide-import">
        <h3>Or import a trace someone exported</h3>
        <p>
          Drop its JSON file (what "Download JSON" saves) anywhere on this page, or <ImportButton />
        </p>
      </div>
      <p className="guide-waiting">
        <StatusDot status="running" /> Waiting for the first span…
      </p>
    </section>
  );
}
