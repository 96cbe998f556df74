import { useState } from 'react';
import { cancelRun } from '../api/client';
import './stop-button.css';

type StopState = { kind: 'idle' } | { kind: 'stopping' } | { kind: 'failed'; message: string };

/**
 * Stop for a running trace: asks the app to cancel the run. Once the app has
 * accepted, it says "Stopping…" until the trace ends (the header then drops
 * the button); a refusal (the app no longer runs it, no app) is said beside it.
 */
export function StopButton({ traceId }: { traceId: string }) {
  const [state, setState] = useState<StopState>({ kind: 'idle' });
  const stop = () => {
    setState({ kind: 'stopping' });
    cancelRun(traceId).then(
      () => undefined,
      (error: unknown) =>
        setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  };
  return (
    <span className="stop-run" data-state={state.kind}>
      <button
        type="button"
        className="stop-button"
        onClick={stop}
        disabled={state.kind === 'stopping'}
        title="Cancel this run in the app"
      >
        {state.kind === 'stopping' ? 'Stopping…' : 'Stop'}
      </button>
      {state.kind === 'failed' && (
        <span className="stop-error" role="alert">
          Could not stop: {state.message}
        </span>
      )}
    </span>
  );
}
