import type { AppView } from '../model/app-status';
import './app-status-panel.css';

/**
 * The app `livespan start` runs, when it is not simply running: starting,
 * restarting after a change, or exited, with the last lines of its stderr
 * (rendered as text, never as markup).
 */
export function AppStatusPanel({ app }: { app: AppView }) {
  return (
    <section
      className={`app-status app-status-${app.state}`}
      data-app-state={app.state}
      aria-label="App status"
      role="status"
    >
      <p className="app-status-headline">
        <span className="app-status-dot" aria-hidden="true" />
        <span className="app-status-text">{app.headline}</span>
        {app.command && <code className="app-status-command">{app.command}</code>}
      </p>
      {app.stderrTail.length > 0 && (
        <>
          <p className="app-status-label">Last lines it wrote to stderr:</p>
          <pre className="app-status-stderr">{app.stderrTail.join('\n')}</pre>
        </>
      )}
      {app.state === 'exited' && (
        <p className="app-status-hint">livespan starts it again when you change a file it uses.</p>
      )}
    </section>
  );
}
