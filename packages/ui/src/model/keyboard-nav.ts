import type { TreeRow } from './tree-rows';

/** What a key press in the span tree asks for. */
export interface NavResult {
  /** Span to select. */
  select?: string;
  /** Span whose children to show or hide. */
  toggle?: string;
  /** Key of the sibling fold to open. */
  unfold?: string;
}

/**
 * Tree keyboard navigation (WAI-ARIA tree pattern): ↑/↓ move the selection,
 * → expands or moves to the first child, ← collapses or moves to the parent,
 * Enter toggles (and opens a fold row). Returns `undefined` for keys it does not handle.
 */
export function navigateTree(
  rows: readonly TreeRow[],
  selectedId: string | undefined,
  key: string,
): NavResult | undefined {
  if (rows.length === 0) return undefined;
  const index = selectedId === undefined ? -1 : rows.findIndex((row) => row.span.spanId === selectedId);
  const row = rows[index];
  switch (key) {
    case 'ArrowDown':
      return { select: rows[Math.min(rows.length - 1, index + 1)]!.span.spanId };
    case 'ArrowUp':
      return { select: rows[Math.max(0, index - 1)]!.span.spanId };
    case 'Home':
      return { select: rows[0]!.span.spanId };
    case 'End':
      return { select: rows[rows.length - 1]!.span.spanId };
    case 'ArrowRight':
      if (!row) return { select: rows[0]!.span.spanId };
      if (row.fold) return { unfold: row.fold.key };
      if (row.collapsed) return { toggle: row.span.spanId };
      if (row.childCount > 0) return { select: rows[index + 1]?.span.spanId ?? row.span.spanId };
      return {};
    case 'ArrowLeft':
      if (!row) return { select: rows[0]!.span.spanId };
      if (row.childCount > 0 && !row.collapsed) return { toggle: row.span.spanId };
      return row.parentId ? { select: row.parentId } : {};
    case 'Enter':
      if (!row) return { select: rows[0]!.span.spanId };
      if (row.fold) return { unfold: row.fold.key };
      return row.childCount > 0 ? { toggle: row.span.spanId } : { select: row.span.spanId };
    default:
      return undefined;
  }
}
