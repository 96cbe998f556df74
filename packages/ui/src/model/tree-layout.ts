/** Indentation of the first levels of the span tree, in pixels. */
const INDENT_PX = 14;
/** Levels indented by {@link INDENT_PX}; deeper ones step by {@link DEEP_INDENT_PX}, so depth 20 still has room. */
const FULL_INDENT_LEVELS = 8;
const DEEP_INDENT_PX = 4;

/**
 * Left indentation of a tree row at `depth`: full steps for the first levels,
 * then narrow ones. The row also caps it at 35% of the column, so a
 * name never shrinks to nothing however deep it sits.
 */
export function indentFor(depth: number): number {
  const full = Math.min(depth, FULL_INDENT_LEVELS);
  return full * INDENT_PX + Math.max(0, depth - FULL_INDENT_LEVELS) * DEEP_INDENT_PX;
}

/** Limits of the name column's width, in pixels. */
export const TREE_WIDTH = { min: 180, max: 900, default: 340 } as const;

/** A stored or dragged width, made whole and kept within {@link TREE_WIDTH}; the default when unreadable. */
export function clampTreeWidth(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return TREE_WIDTH.default;
  return Math.round(Math.min(TREE_WIDTH.max, Math.max(TREE_WIDTH.min, n)));
}
