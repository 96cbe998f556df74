import { memo } from 'react';
import { SlowBadge } from '../components/slow-badge';
import { formatLiveDuration } from '../model/format';
import { staleSpanTitle } from '../model/live-truth';
import { spanState } from '../model/span-state';
import { barGeometry, spanDuration, type TimeWindow, timeFraction } from '../model/timeline';
import type { TreeRow } from '../model/tree-rows';

/** Indentation per tree level, in pixels. */
const INDENT_PX = 14;

/** One span: tree cell (indented name) and timeline cell (its bar), sharing one row. */
export const SpanRow = memo(function SpanRow({
  row,
  selected,
  bounds,
  now,
  frozen,
  lastSeen,
  onSelect,
  onToggle,
}: {
  row: TreeRow;
  selected: boolean;
  bounds: TimeWindow;
  now: number;
  /** The connection is lost: a running span's duration is the last known one. */
  frozen: boolean;
  lastSeen: number;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string) => void;
}) {
  const { span, depth, childCount, collapsed } = row;
  const state = spanState(span);
  const placeholder = state === 'placeholder';
  // A stale span is not running: its clock stopped at its last sign of life.
  const running = state === 'running';
  const bar = placeholder ? undefined : barGeometry(span, bounds, now, lastSeen);
  return (
    // Keys are handled by the tree (role="tree") that holds the rows.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      className={`span-row state-${state}`}
      tabIndex={-1}
      role="treeitem"
      aria-level={depth + 1}
      aria-selected={selected}
      aria-expanded={childCount > 0 ? !collapsed : undefined}
      data-span-id={span.spanId}
      data-depth={depth}
      data-state={state}
      title={state === 'stale' ? staleSpanTitle(span) : undefined}
      onClick={() => onSelect(span.spanId)}
    >
      <div className="span-tree-cell" style={{ paddingLeft: 8 + depth * INDENT_PX }}>
        {childCount > 0 ? (
          <button
            type="button"
            className="span-toggle"
            tabIndex={-1}
            aria-label={collapsed ? 'Expand' : 'Collapse'}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(span.spanId);
            }}
          >
            <span className={collapsed ? 'chevron collapsed' : 'chevron'} aria-hidden="true" />
          </button>
        ) : (
          <span className="span-toggle-space" />
        )}
        <span className={`status-dot status-${state}`} aria-hidden="true" />
        <span className="span-name">
          {placeholder ? 'missing parent span' : span.displayName || '(unnamed)'}
        </span>
        {state === 'stale' && <span className="span-stopped">stopped</span>}
        {(running || state === 'ok' || state === 'error') && (
          <SlowBadge facts={span} durationMs={spanDuration(span, now, lastSeen)} ticking={running} compact />
        )}
        {collapsed && <span className="span-hidden-count">+{childCount}</span>}
      </div>
      <div className="span-duration-cell tabular">
        {placeholder ? '' : formatLiveDuration(spanDuration(span, now, lastSeen), running, frozen)}
      </div>
      <div className="span-timeline-cell">
        {bar ? (
          <div
            className={`span-bar bar-${state}`}
            style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }}
          />
        ) : (
          <span className="span-placeholder-note">never received: {span.spanId}</span>
        )}
        {running && <div className="now-line" style={{ left: `${timeFraction(now, bounds) * 100}%` }} />}
      </div>
    </div>
  );
});
