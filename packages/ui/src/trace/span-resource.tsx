import { useEffect, useState } from 'react';
import { fetchResource, type Resource } from '../api/resources';
import { prettyValue } from '../model/attributes';

/** The OTLP resource of a span (`service.name` first), fetched once per resource id. */
export function SpanResource({ resourceId }: { resourceId: string | undefined }) {
  const [resource, setResource] = useState<Resource | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    setResource(undefined);
    setProblem(undefined);
    if (!resourceId) return;
    const abort = new AbortController();
    fetchResource(resourceId, abort.signal).then(setResource, (error: unknown) => {
      if (!abort.signal.aborted) setProblem(error instanceof Error ? error.message : String(error));
    });
    return () => abort.abort();
  }, [resourceId]);

  if (!resourceId) return null;
  const entries = Object.entries(resource?.attributes ?? {}).sort(([a], [b]) =>
    a === 'service.name' ? -1 : b === 'service.name' ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
  return (
    <section className="detail-section" aria-label="Resource">
      <h3>Resource</h3>
      {problem && <p className="detail-empty">Could not load it: {problem}</p>}
      {!problem && !resource && <p className="detail-empty">Loading…</p>}
      {resource && (
        <dl className="kv">
          {entries.map(([key, value]) => (
            <div key={key} className="kv-row">
              <dt className="mono">{key === 'service.name' ? 'service' : key}</dt>
              <dd>
                <span className="kv-value mono">{prettyValue(value)}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
