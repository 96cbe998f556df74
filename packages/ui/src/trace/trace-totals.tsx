import type { TraceSummary } from '../api/schemas';
import { costLabel, tokensLabel } from '../model/usage';
import './trace-totals.css';

/** A trace's token totals and estimated cost, kept live by the summaries the stream sends. */
export function TraceTotals({ summary }: { summary: TraceSummary | null }) {
  if (!summary) return null;
  const tokens = tokensLabel(summary);
  const cost = costLabel(summary);
  if (!tokens) return null;
  const detail = [
    summary.cachedTokens !== undefined && `${summary.cachedTokens} cached`,
    summary.reasoningTokens !== undefined && `${summary.reasoningTokens} reasoning`,
  ].filter(Boolean);
  return (
    <span className="trace-totals tabular" data-testid="trace-totals">
      <span title={`${summary.inputTokens ?? 0} input, ${summary.outputTokens ?? 0} output tokens`}>
        {tokens}
        {detail.length > 0 && <span className="muted"> ({detail.join(', ')})</span>}
      </span>
      {cost && (
        <span className="trace-cost" title={cost.note}>
          {cost.text}
          {cost.note && <span className="muted"> · {cost.note}</span>}
        </span>
      )}
    </span>
  );
}
