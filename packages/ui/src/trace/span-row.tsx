import { memo } from 'react';
import { SlowBadge } from '../components/slow-badge';
import { formatLiveDuration } from '../model/format';
import { staleSpanTitle } from '../model/live-truth';
import { spanState } from '../model/span-state';
import { barGeometry, spanDuration, spanInWindow, type TimeWindow, timeFraction } from '../model/timeline';
import { indentFor } from '../model/tree-layout';
import type { TreeRow } from '../model/tree-rows';
import { SpanName } from './span-name';

/** One span: tree cell (indented name) and timeline cell (its bar), sharing one row. */
export const SpanRow = memo(function SpanRow({
  row,
  selected,
  matched,
  needle,
  bounds,
  now,
  frozen,
  lastSeen,
  onSelect,
  onToggle,
  onRefold,
}: {
  row: TreeRow;
  selected: boolean;
  /** The span matches the in-trace search. */
  matched: boolean;
  /** The search text, highlighted in a matching name. */
  needle: string;
  bounds: TimeWindow;
  now: number;
  /** The connection is lost: a running span's duration is the last known one. */
  frozen: boolean;
  lastSeen: number;
  onSelect: (spanId: string) => void;
  /** `deep`: Alt+click, the same for every subtree below. */
  onToggle: (spanId: string, deep: boolean) => void;
  /** Closes the opened fold that this row starts. */
  onRefold: (key: string) => void;
}) {
  const { span, depth, childCount, collapsed, openFold } = row;
  const state = spanState(span);
  const placeholder = state === 'placeholder';
  // A stale span is not running: its clock stopped at its last sign of life.
  const running = state === 'running';
  const bar = placeholder ? undefined : barGeometry(span, bounds, now, lastSeen);
  const barShown = !placeholder && spanInWindow(span, bounds, now, lastSeen);
  const name = placeholder ? 'missing parent span' : span.displayName || '(unnamed)';
  return (
    // Keys are handled by the tree (role="tree") that holds the rows.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      className={matched ? `span-row state-${state} search-match` : `span-row state-${state}`}
      tabIndex={-1}
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={selected}
      aria-expanded={childCount > 0 ? !collapsed : undefined}
      data-span-id={span.spanId}
      data-depth={depth}
      data-state={state}
      data-match={matched || undefined}
      title={state === 'stale' ? staleSpanTitle(span) : undefined}
      onClick={() => onSelect(span.spanId)}
    >
      <div className="span-tree-cell" style={{ paddingLeft: `min(${8 + indentFor(depth)}px, 35%)` }}>
        {childCount > 0 ? (
          <button
            type="button"
            className="span-toggle"
            tabIndex={-1}
            aria-label={collapsed ? 'Expand' : 'Collapse'}
            title="Alt+click: everything below too"
            onClick={(event) => {
              event.stopPropagation();
              onToggle(span.spanId, event.altKey);
            }}
          >
            <span className={collapsed ? 'chevron collapsed' : 'chevron'} aria-hidden="true" />
          </button>
        ) : (
          <span className="span-toggle-space" />
        )}
        <span className={`status-dot status-${state}`} aria-hidden="true" />
        <SpanName span={span} name={name} needle={matched ? needle : ''} />
        {state === 'stale' && <span className="span-stopped">stopped</span>}
        {(running || state === 'ok' || state === 'error') && (
          <SlowBadge facts={span} durationMs={spanDuration(span, now, lastSeen)} ticking={running} compact />
        )}
        {collapsed && <span className="span-hidden-count">+{childCount}</span>}
        {openFold && (
          <button
            type="button"
            className="refold-button"
            title={`Fold the ${openFold.spans.length} "${openFold.name}" siblings into one row`}
            onClick={(event) => {
              event.stopPropagation();
              onRefold(openFold.key);
            }}
          >
            fold ×{openFold.spans.length}
          </button>
        )}
      </div>
      <div className="span-duration-cell tabular">
        {placeholder ? '' : formatLiveDuration(spanDuration(span, now, lastSeen), running, frozen)}
      </div>
      <div className="span-timeline-cell">
        {bar ? (
          barShown && (
            <div
              className={`span-bar bar-${state}`}
              style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }}
            />
          )
        ) : (
          <span className="span-placeholder-note">never received: {span.spanId}</span>
        )}
        {running && barShown && (
          <div className="now-line" style={{ left: `${timeFraction(now, bounds) * 100}%` }} />
        )}
      </div>
    </div>
  );
});
