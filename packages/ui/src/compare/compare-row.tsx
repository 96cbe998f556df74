import { type CSSProperties, memo } from 'react';
import type { Span } from '../api/schemas';
import type { CompareRow } from '../model/compare-traces';
import { formatDiff } from '../model/compare-traces';
import { formatLiveDuration } from '../model/format';
import { isLive } from '../model/merge-span';
import { spanState } from '../model/span-state';
import { spanDuration } from '../model/timeline';
import { isBrowserClick, navigate, spanPath } from '../routing/navigation';

function Duration({ span, now, frozen }: { span: Span | undefined; now: number; frozen: boolean }) {
  if (!span || span.placeholder) return <span className="num muted">—</span>;
  const state = spanState(span);
  const href = spanPath(span.traceId, span.spanId);
  return (
    <span className={`num tabular compare-${state}`} data-state={state}>
      <a
        href={href}
        title="Open this span in its trace"
        onClick={(event) => {
          if (isBrowserClick(event)) return;
          event.preventDefault();
          navigate(href);
        }}
      >
        {formatLiveDuration(spanDuration(span, now), state === 'running', frozen)}
      </a>
    </span>
  );
}

/** One span path: its duration in A and B and the difference, or which trace alone has it. */
export const CompareRowView = memo(function CompareRowView({
  row,
  now,
  frozen,
  style,
}: {
  row: CompareRow;
  now: number;
  frozen: boolean;
  style: CSSProperties;
}) {
  const only = row.a && !row.b ? 'a' : row.b && !row.a ? 'b' : undefined;
  const both = row.a && row.b && !row.a.placeholder && !row.b.placeholder;
  return (
    <div className="compare-row" data-key={row.key} data-only={only} style={style}>
      <span className="compare-name" style={{ paddingLeft: row.depth * 16 }} title={row.key}>
        {row.name || <span className="muted">(unnamed)</span>}
        {only && <span className={`compare-only compare-only-${only}`}>only in {only.toUpperCase()}</span>}
      </span>
      <Duration span={row.a} now={now} frozen={frozen} />
      <Duration span={row.b} now={now} frozen={frozen} />
      <span className="num tabular compare-diff">
        {both && row.a && row.b
          ? `${formatDiff(spanDuration(row.a, now), spanDuration(row.b, now))}${isLive(row.a) || isLive(row.b) ? '…' : ''}`
          : ''}
      </span>
    </div>
  );
});
