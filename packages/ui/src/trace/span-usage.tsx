import type { Span } from '../api/schemas';
import { costLabel, formatTokens } from '../model/usage';

/**
 * A model span's tokens and estimated cost, as the server read them from
 * whatever convention the span uses (docs/api.md "Tokens and cost").
 */
export function SpanUsage({ span }: { span: Span }) {
  const usage = span.usage;
  if (!usage) return null;
  const model = usage.model;
  const cost = costLabel({
    ...usage,
    ...(usage.costUsd === undefined && { unpricedModels: [model ?? ''] }),
  });
  const counts: Array<[string, number | undefined]> = [
    ['input', usage.inputTokens],
    ['output', usage.outputTokens],
    ['cached', usage.cachedTokens],
    ['reasoning', usage.reasoningTokens],
  ];
  return (
    <section className="detail-section usage-section" aria-label="Usage">
      <h3>Usage</h3>
      <div className="detail-labels">
        {model && (
          <span className="label">
            model <strong>{model}</strong>
          </span>
        )}
        {counts.map(
          ([name, count]) =>
            count !== undefined && (
              <span key={name} className="label tabular" title={`${count} ${name} tokens`}>
                {name} tokens <strong>{formatTokens(count)}</strong>
              </span>
            ),
        )}
        {cost && (
          <span className="label tabular usage-cost">
            {cost.note ?? (
              <>
                cost <strong>{cost.text}</strong>
              </>
            )}
          </span>
        )}
      </div>
    </section>
  );
}
