import { useRef, useState } from 'react';
import { clearTraces } from '../api/client';

/**
 * "Clear all" with a confirmation dialog. The list empties through the
 * stream's `traces_clear` event, so every open Dev UI empties alike.
 */
export function ClearAllButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const confirm = () => {
    setBusy(true);
    setError(undefined);
    clearTraces().then(
      () => {
        setBusy(false);
        dialog.current?.close();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
  };

  return (
    <>
      <button
        type="button"
        className="list-action danger"
        onClick={() => {
          setError(undefined);
          dialog.current?.showModal();
        }}
      >
        Clear all
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="clear-all-title">
        <h2 id="clear-all-title">Delete every trace?</h2>
        <p>All traces on this server are deleted, for every open Dev UI. This cannot be undone.</p>
        {error && (
          <p className="confirm-error" role="alert">
            Could not delete: {error}
          </p>
        )}
        <div className="confirm-actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className="danger" disabled={busy} onClick={confirm}>
            {busy ? 'Deleting…' : 'Delete all traces'}
          </button>
        </div>
      </dialog>
    </>
  );
}
