import { useFlows } from '../hooks/use-flows';
import './flows-page.css';

/** The Flows tab: the flows of the connected app (running them comes later). */
export function FlowsPage() {
  const state = useFlows();
  return (
    <section className="flows-page" aria-label="Flows">
      <h2>Flows</h2>
      {state.kind === 'loading' && <p className="flows-muted">Loading flows…</p>}
      {state.kind === 'no-app' && (
        <p className="flows-muted">
          No app connected. Start your app with <code>livespan start -- &lt;cmd&gt;</code>
        </p>
      )}
      {state.kind === 'error' && <p className="flows-error">Could not load flows: {state.message}</p>}
      {state.kind === 'ready' &&
        (state.flows.length === 0 ? (
          <p className="flows-muted">The connected app defines no flows.</p>
        ) : (
          <ul className="flows-list">
            {state.flows.map((flow) => (
              <li key={flow.name}>
                <span className="flow-name">{flow.name}</span>
                {flow.description && <span className="flows-muted"> — {flow.description}</span>}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
