import { useState } from 'react';
import { deleteTrace, fetchTraceJson } from '../api/trace-files';
import { navigate } from '../routing/navigation';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Saves `text` as a file named `name` through the browser's download. */
function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // The download has started by now; the blob is not needed any more.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "Download JSON" (re-importable) and "Delete" (after a confirmation) for one trace. */
export function TraceActions({ traceId }: { traceId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  const download = async () => {
    setProblem(undefined);
    try {
      saveFile(`trace-${traceId}.json`, await fetchTraceJson(traceId));
    } catch (error) {
      setProblem(`Download failed: ${errorText(error)}`);
    }
  };
  const remove = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await deleteTrace(traceId);
      navigate('/');
    } catch (error) {
      setProblem(`Delete failed: ${errorText(error)}`);
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <span className="trace-actions">
      <button type="button" className="tool-button" onClick={() => void download()}>
        Download JSON
      </button>
      {confirming ? (
        <span className="delete-confirm">
          Delete this trace for good?
          <button type="button" className="tool-button danger" disabled={busy} onClick={() => void remove()}>
            Delete
          </button>
          <button type="button" className="tool-button" disabled={busy} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="tool-button" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
      {problem && (
        <span className="trace-action-problem" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
