import type { Span } from '../api/schemas';
import { saveDraft } from '../flows/flow-drafts';
import { runAgainInput } from '../model/run-again';
import { navigate } from '../routing/navigation';
import './run-again-button.css';

/** Opens the Flows tab on this run's flow with its input filled in, to edit and run again. */
export function RunAgainButton({ root }: { root: Span | undefined }) {
  const run = runAgainInput(root);
  if (!run) return null;
  return (
    <button
      type="button"
      className="run-again-button"
      onClick={() => {
        saveDraft(run.flow, run.input);
        navigate(`/flows?flow=${encodeURIComponent(run.flow)}`);
      }}
    >
      Run again
    </button>
  );
}
