import { signOut, useSignedIn } from '../api/access';
import { useConnectionState } from '../live/connection-store';
import { navigate } from '../routing/navigation';
import './top-bar.css';

const CONNECTION_LABELS = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
} as const;

/** Product name, the two tabs, the live-connection indicator, and Sign out when the server uses a token. */
export function TopBar({ tab }: { tab: 'traces' | 'flows' | undefined }) {
  const connection = useConnectionState();
  const signedIn = useSignedIn();
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
      {signedIn && (
        <button type="button" className="sign-out" onClick={() => void signOut()}>
          Sign out
        </button>
      )}
    </header>
  );
}
