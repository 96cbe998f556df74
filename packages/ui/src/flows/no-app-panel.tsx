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
        The Flows tab lists and runs the flows of the app you are developing. Start your app through livespan:
        it runs the app in dev mode (<code>GENKIT_ENV=dev</code>), so the app serves its flows to this server,
        and restarts it when you edit it.
      </p>
      <CodeBlock text="npx livespan start -- npx tsx src/main.ts" label="livespan start" />
      <p>
        Trying the demo? In <code>samples/realtime-tracing-demo</code> run:
      </p>
      <CodeBlock text="./run.sh" label="run the demo" />
      <p className="no-app-note">
        Already running your app yourself? Set <code>GENKIT_ENV=dev</code>, call <code>serveFlows()</code>{' '}
        from <code>@livespan/flows</code>, and start it in this server's project folder.
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
