import { useState } from 'react';
import type { FlowInfo } from '../api/schemas';
import { AppStatusPanel } from '../components/app-status-panel';
import { StatusDot } from '../components/status-badge';
import { RECHECK_INTERVAL_MS, useFlowList } from '../hooks/use-flow-list';
import { useAppStatus } from '../live/app-status-store';
import { describeApp, describeConnectedApp } from '../model/app-status';
import { FlowRunner } from './flow-runner';
import { NoAppPanel } from './no-app-panel';
import './flows-page.css';

/** The selected flow lives in `?flow=`, so going back from a run's trace returns to it. */
function flowFromUrl(): string | undefined {
  return new URLSearchParams(window.location.search).get('flow') ?? undefined;
}

/**
 * `/flows`: the connected app's flows; pick one, edit its input, run it and
 * watch the run live in the trace view.
 */
export function FlowsPage() {
  const { state, checking, refresh } = useFlowList();
  const [chosen, setChosen] = useState(flowFromUrl);
  // The app `livespan start` runs: shown when it is not simply running (exited, restarting, starting).
  const app = describeApp(useAppStatus());
  const appPanel = app && app.state !== 'running' ? <AppStatusPanel app={app} /> : undefined;

  const select = (name: string) => {
    setChosen(name);
    window.history.replaceState(window.history.state, '', `/flows?flow=${encodeURIComponent(name)}`);
  };

  return (
    <section className="flows-page" aria-label="Flows">
      <header className="flows-head">
        <h2>Flows</h2>
        {state.kind === 'ready' && (
          <span className="flows-app-status" data-app="connected">
            <StatusDot status="ok" /> App connected · {state.flows.length}{' '}
            {state.flows.length === 1 ? 'flow' : 'flows'}
            {state.app && <span className="flows-app-identity"> · {describeConnectedApp(state.app)}</span>}
          </span>
        )}
      </header>
      {appPanel}
      {state.kind === 'loading' && <p className="flows-muted">Looking for a connected app…</p>}
      {state.kind === 'no-app' && !appPanel && (
        <NoAppPanel
          message={state.message}
          checking={checking}
          intervalMs={RECHECK_INTERVAL_MS}
          onRetry={refresh}
        />
      )}
      {state.kind === 'error' && (
        <div className="flows-problem" role="alert">
          <p>Could not load the flows: {state.message}</p>
          <button type="button" className="retry-button" onClick={refresh} disabled={checking}>
            {checking ? 'Checking…' : 'Retry'}
          </button>
        </div>
      )}
      {state.kind === 'ready' &&
        (state.flows.length === 0 ? (
          <p className="flows-empty">
            The connected app defines no flows yet. Define one with <code>defineFlow()</code> from{' '}
            <code>@livespan/flows</code>; this list updates by itself.
          </p>
        ) : (
          <FlowsLayout flows={state.flows} chosen={chosen} onSelect={select} onAppChanged={refresh} />
        ))}
    </section>
  );
}

function FlowsLayout({
  flows,
  chosen,
  onSelect,
  onAppChanged,
}: {
  flows: FlowInfo[];
  chosen: string | undefined;
  onSelect: (name: string) => void;
  onAppChanged: () => void;
}) {
  const selected = flows.find((flow) => flow.name === chosen) ?? flows[0];
  return (
    <div className="flows-layout">
      <nav className="flows-list" aria-label="Flows of the connected app">
        {flows.map((flow) => (
          <button
            key={flow.name}
            type="button"
            className="flow-item"
            data-flow={flow.name}
            aria-current={flow === selected ? 'true' : undefined}
            onClick={() => onSelect(flow.name)}
          >
            <span className="flow-item-name">{flow.name}</span>
            {flow.description && <span className="flow-item-description">{flow.description}</span>}
          </button>
        ))}
      </nav>
      <div className="flows-main">
        {chosen !== undefined && selected && selected.name !== chosen && (
          <p className="flows-unknown" role="status">
            This app has no flow named “{chosen}”; showing “{selected.name}”.
          </p>
        )}
        {selected && <FlowRunner key={selected.name} flow={selected} onAppChanged={onAppChanged} />}
      </div>
    </div>
  );
}
