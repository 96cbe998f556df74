import { isBrowserClick, navigate, tracePath } from '../routing/navigation';
import { describeImport } from './import-files';
import { dismissImport, useImportState } from './import-store';
import './import.css';

/** Says what the last import stored (with links) or why a file was refused. */
export function ImportPanel() {
  const { pending, results } = useImportState();
  if (pending.length === 0 && results.length === 0) return null;
  return (
    <section className="import-panel" role="status" aria-label="Import">
      {pending.length > 0 && <p>Importing {pending.join(', ')}…</p>}
      <ul>
        {results.map((result) => (
          <li key={result.file} className={result.error ? 'import-failed' : 'import-done'}>
            <strong>{result.file}</strong>: {result.error ?? describeImport(result.imported ?? [])}
            {result.imported?.map((trace) => (
              <a
                key={trace.traceId}
                className="import-link"
                href={tracePath(trace.traceId)}
                onClick={(event) => {
                  if (isBrowserClick(event)) return;
                  event.preventDefault();
                  navigate(tracePath(trace.traceId));
                }}
              >
                open {trace.traceId.slice(0, 8)}
              </a>
            ))}
          </li>
        ))}
      </ul>
      {pending.length === 0 && (
        <button type="button" className="import-dismiss" onClick={dismissImport}>
          Dismiss
        </button>
      )}
    </section>
  );
}
