import { CodeBlock } from '../components/code-block';
import './no-app-panel.css';

/**
 * The Flows tab with no app connected: how to connect one. The tab keeps
 * checking by itself, so an app that is restarting (hot reload) just appears.
 */
export function NoAppPanel({
  message,
  checking,
  intervalMs,
  onRetry,
}: {
  /** The server's explanation. */
  message: string;
  checking: boolean;
  intervalMs: number;
  onRetry: () => void;
}) {
  return (
    <section className="no-app" aria-label="No app connected">
      <h3>No app connected</h3>
      <p>
        The Flows tab lists and runs the flows of the app you are developing. Start your app with{' '}
        <code>livespan start -- &lt;cmd&gt;</code>: it runs the app in dev mode (<code>GENKIT_ENV=dev</code>),
        sends its traces to this server, and restarts it when you edit it.
      </p>
      <CodeBlock text="npx livespan start -- npx tsx src/main.ts" label="livespan start" />
      <p>
        Trying the demo? In <code>samples/realtime-tracing-demo</code> run:
      </p>
      <CodeBlock text="./run.sh" label="run the demo" />
      <p className="no-app-note">
        Running your app yourself? Run it with <code>GENKIT_ENV=dev</code> and{' '}
        <code>GENKIT_TELEMETRY_SERVER={window.location.origin}</code> from the folder where{' '}
        <code>livespan server</code> runs: the server finds the apps in its folder that send to it.
      </p>
      <div className="no-app-actions">
        <button type="button" className="retry-button" onClick={onRetry} disabled={checking}>
          {checking ? 'Checking…' : 'Retry'}
        </button>
        <span className="no-app-polling">Checking again every {Math.round(intervalMs / 1000)} s</span>
      </div>
      <p className="no-app-detail">Server: {message}</p>
    </section>
  );
}
