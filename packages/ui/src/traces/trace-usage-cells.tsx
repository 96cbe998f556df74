import type { TraceSummary } from '../api/schemas';
import { costLabel, formatTokens } from '../model/usage';

/** The list's Tokens and Cost cells: totals so far, live; empty for a trace that used no tokens. */
export function TraceUsageCells({ trace }: { trace: TraceSummary }) {
  const cost = costLabel(trace);
  const used = trace.inputTokens !== undefined || trace.outputTokens !== undefined;
  return (
    <>
      <span
        className="tabular num trace-row-tokens"
        title={used ? `${trace.inputTokens ?? 0} input, ${trace.outputTokens ?? 0} output tokens` : undefined}
      >
        {used ? `${formatTokens(trace.inputTokens ?? 0)} / ${formatTokens(trace.outputTokens ?? 0)}` : ''}
      </span>
      <span className="tabular num trace-row-cost" title={cost?.note}>
        {cost?.text ?? ''}
      </span>
    </>
  );
}
