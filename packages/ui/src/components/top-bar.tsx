import { useConnectionState } from '../live/connection-store';
import { navigate } from '../routing/navigation';
import './top-bar.css';

const CONNECTION_LABELS = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

/** Product name, the two tabs, and the live-connection indicator. */
export function TopBar({ tab }: { tab: 'traces' | 'flows' | undefined }) {
  const connection = useConnectionState();
  return (
    <header className="top-bar">
      <button type="button" className="brand" onClick={() => navigate('/')}>
        <span className="brand-mark" aria-hidden="true" />
        livespan
      </button>
      <nav className="tabs">
        <button
          type="button"
          className="tab"
          aria-current={tab === 'traces' ? 'page' : undefined}
          onClick={() => navigate('/')}
        >
          Traces
        </button>
        <button
          type="button"
          className="tab"
          aria-current={tab === 'flows' ? 'page' : undefined}
          onClick={() => navigate('/flows')}
        >
          Flows
        </button>
      </nav>
      <output
        className={`connection connection-${connection}`}
        data-connection={connection}
        aria-live="polite"
      >
        <span className="connection-dot" aria-hidden="true" />
        {CONNECTION_LABELS[connection]}
      </output>
    </header>
  );
}
