import { memo } from 'react';
import { foldLabel, type SiblingFold } from '../model/sibling-folds';
import { barGeometry, spanInWindow, type TimeWindow } from '../model/timeline';
import { indentFor } from '../model/tree-layout';

/** One row standing for a run of same-named siblings; a click opens it. */
export const FoldRow = memo(function FoldRow({
  fold,
  depth,
  selected,
  bounds,
  onUnfold,
}: {
  fold: SiblingFold;
  depth: number;
  /** Its first span is selected (the keyboard moved onto the fold). */
  selected: boolean;
  bounds: TimeWindow;
  onUnfold: (key: string) => void;
}) {
  const label = foldLabel(fold);
  const extent = { startTime: fold.start, endTime: Math.max(fold.end, fold.start + 1) };
  const bar = barGeometry(extent, bounds, bounds.end);
  const barShown = spanInWindow(extent, bounds, bounds.end);
  return (
    // Keys are handled by the tree (role="tree") that holds the rows.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      className="span-row fold-row"
      tabIndex={-1}
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={false}
      aria-selected={selected}
      data-fold-key={fold.key}
      data-fold-count={fold.spans.length}
      title={`${label} (click to show each)`}
      onClick={() => onUnfold(fold.key)}
    >
      <div className="span-tree-cell" style={{ paddingLeft: `min(${8 + indentFor(depth)}px, 35%)` }}>
        <span className="fold-icon" aria-hidden="true">
          ≡
        </span>
        <span className="span-name">{label}</span>
      </div>
      <div className="span-duration-cell tabular" />
      <div className="span-timeline-cell">
        {barShown && (
          <div
            className="span-bar bar-fold"
            style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }}
          />
        )}
      </div>
    </div>
  );
});
