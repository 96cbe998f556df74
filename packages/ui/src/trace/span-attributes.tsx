import { CodeBlock } from '../components/code-block';
import { CopyButton } from '../components/copy-button';
import { describeAttributes, type MaybeJson, prettyValue } from '../model/attributes';

function jsonText(value: MaybeJson): string {
  return value.json ? prettyValue(value.value) : value.text;
}

/**
 * Genkit input/output as pretty JSON, model usage as labels (unless the
 * usage section shows it: `usageShown`), then every other attribute.
 */
export function SpanAttributes({
  attributes,
  usageShown = false,
}: {
  attributes: Record<string, unknown>;
  usageShown?: boolean;
}) {
  const view = describeAttributes(attributes);
  return (
    <>
      {!usageShown && (view.model || view.inputTokens !== undefined || view.outputTokens !== undefined) && (
        <div className="detail-labels">
          {view.model && (
            <span className="label">
              model <strong>{view.model}</strong>
            </span>
          )}
          {view.inputTokens !== undefined && (
            <span className="label tabular">
              input tokens <strong>{view.inputTokens}</strong>
            </span>
          )}
          {view.outputTokens !== undefined && (
            <span className="label tabular">
              output tokens <strong>{view.outputTokens}</strong>
            </span>
          )}
        </div>
      )}
      {view.input && (
        <section className="detail-section">
          <h3>Input</h3>
          <CodeBlock text={jsonText(view.input)} label="Input" />
        </section>
      )}
      {view.output && (
        <section className="detail-section">
          <h3>Output</h3>
          <CodeBlock text={jsonText(view.output)} label="Output" />
        </section>
      )}
      <section className="detail-section">
        <h3>Attributes</h3>
        {view.rest.length === 0 ? (
          <p className="detail-empty">None</p>
        ) : (
          <dl className="kv">
            {view.rest.map(([key, value]) => {
              const text = prettyValue(value);
              return (
                <div key={key} className="kv-row">
                  <dt className="mono">{key}</dt>
                  <dd>
                    <span className="kv-value mono">{text}</span>
                    <CopyButton text={text} />
                  </dd>
                </div>
              );
            })}
          </dl>
        )}
      </section>
    </>
  );
}
