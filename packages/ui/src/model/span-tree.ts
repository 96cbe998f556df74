import { placeholderSpan } from '@livespan/tracing/wire';
import type { Span } from '../api/schemas';
import type { TreeRow } from './tree-rows';

/** Which spans the rows may show. */
export interface TreeScope {
  /**
   * Every span of the trace is here. Until then a span whose parent has not
   * arrived is left out (it would get a placeholder parent that disappears a
   * moment later); once complete, a missing parent is really missing and is
   * stood in for by a placeholder row.
   */
  complete: boolean;
  /** While incomplete: spans known to start a tree although their parent is not here. */
  anchors: ReadonlySet<string>;
}

const COMPLETE: TreeScope = { complete: true, anchors: new Set() };

/** New spans put into the last rows one by one; past this, one full derivation is cheaper. */
const MAX_INSERTS = 500;

interface DerivedRows {
  structure: number;
  collapsed: ReadonlySet<string>;
  scope: TreeScope;
  rows: TreeRow[];
  /** Spans on a parent cycle were shown from the cycle on: rows can no longer be placed by their parent. */
  cycles: boolean;
  /** Row index by span id, built on the first update that needs it. */
  index?: Map<string, number>;
}

/**
 * The parent/child index of one trace's spans, kept up to date span by span,
 * and its rows (see {@link TreeRow}) derived from it. A 100,000-span trace
 * that gains or changes a few spans per frame must not be re-indexed and
 * re-sorted each time: a new span is appended to its parent's children
 * (sorted lazily, when rows are next derived), and a span that changed
 * without moving (same parent and start) is patched into the last rows.
 */
export class SpanTree {
  /** Children ids by parent id, in arrival order until sorted. */
  private readonly children = new Map<string, string[]>();
  /** Parents whose children need sorting. */
  private readonly unsorted = new Set<string>();
  /** Ids of spans without a parent id, in arrival order until sorted. */
  private readonly roots: string[] = [];
  private rootsUnsorted = false;
  /** Bumped whenever a span is added or moves. */
  private structure = 0;
  /** Arrival number of each span: ties in start time keep arrival (causal) order, however the span got there. */
  private readonly arrival = new Map<string, number>();
  /** Spans replaced in place since the last rows. */
  private readonly updated = new Set<string>();
  /** New spans since the last rows, in arrival order. */
  private readonly added: string[] = [];
  private last: DerivedRows | undefined;

  /** Forgets every span. */
  clear(): void {
    this.children.clear();
    this.unsorted.clear();
    this.roots.length = 0;
    this.arrival.clear();
    this.updated.clear();
    this.added.length = 0;
    this.last = undefined;
    this.structure++;
  }

  /** Records that `span` was stored, replacing `previous` (undefined: a new span). */
  add(span: Span, previous: Span | undefined): void {
    if (!previous) {
      this.arrival.set(span.spanId, this.arrival.size);
      this.link(span);
      this.added.push(span.spanId);
      return;
    }
    const moved = parentOf(previous) !== parentOf(span);
    if (moved) {
      this.unlink(previous);
      this.link(span);
    } else if (previous.startTime !== span.startTime) {
      this.markUnsorted(parentOf(span));
    }
    if (moved || previous.startTime !== span.startTime || previous.placeholder !== span.placeholder) {
      this.structure++;
    } else {
      this.updated.add(span.spanId);
    }
  }

  /**
   * The visible rows of the spans in `spans` (the map this tree indexes):
   * depth first, children in start order (ties in arrival order), skipping
   * the descendants of collapsed spans. Cycles in bad data are cut, so every
   * span appears at most once. Returns the previous array when nothing changed.
   */
  rows(
    spans: ReadonlyMap<string, Span>,
    collapsed: ReadonlySet<string>,
    scope: TreeScope = COMPLETE,
  ): TreeRow[] {
    const last = this.last;
    if (last && last.structure === this.structure && last.collapsed === collapsed && last.scope === scope) {
      if (this.updated.size === 0 && this.added.length === 0) return last.rows;
      const inserted = this.insert(last, spans, collapsed);
      this.added.length = 0;
      const patched = inserted && this.patch(last, spans);
      this.updated.clear();
      if (patched) return patched;
    }
    this.updated.clear();
    this.added.length = 0;
    const { rows, cycles } = this.derive(spans, collapsed, scope);
    this.last = { structure: this.structure, collapsed, scope, rows, cycles };
    return rows;
  }

  /**
   * Sorts span ids in place by start time, ties in arrival order. Keys are
   * read once per id, not per comparison: lists of thousands of children
   * are sorted on every page of a loading trace.
   */
  private sortByStart(ids: string[], spans: ReadonlyMap<string, Span>): void {
    const keyed = ids.map((id) => ({
      id,
      start: spans.get(id)?.startTime ?? 0,
      arrival: this.arrival.get(id) ?? 0,
    }));
    keyed.sort((a, b) => a.start - b.start || a.arrival - b.arrival);
    for (let i = 0; i < keyed.length; i++) ids[i] = keyed[i]!.id;
  }

  private link(span: Span): void {
    const parentId = parentOf(span);
    if (parentId === undefined) {
      this.roots.push(span.spanId);
      this.rootsUnsorted = true;
      return;
    }
    const list = this.children.get(parentId);
    if (list) list.push(span.spanId);
    else this.children.set(parentId, [span.spanId]);
    this.unsorted.add(parentId);
  }

  private unlink(span: Span): void {
    const parentId = parentOf(span);
    const list = parentId === undefined ? this.roots : this.children.get(parentId);
    const at = list?.indexOf(span.spanId) ?? -1;
    if (at >= 0) list!.splice(at, 1);
  }

  private markUnsorted(parentId: string | undefined): void {
    if (parentId === undefined) this.rootsUnsorted = true;
    else this.unsorted.add(parentId);
  }

  /**
   * Puts the rows of new spans into the last rows (a copy), each under its
   * parent's row, before its next sibling's subtree. False when a change
   * needs a full derivation: a new root or orphan, a span whose children
   * came first, or so many new spans that one pass is cheaper.
   */
  private insert(
    last: DerivedRows,
    spans: ReadonlyMap<string, Span>,
    collapsed: ReadonlySet<string>,
  ): boolean {
    if (this.added.length === 0) return true;
    if (this.added.length > MAX_INSERTS || last.cycles) return false;
    const index = indexOf(last);
    const rows = last.rows.slice();
    for (const spanId of this.added) {
      const span = spans.get(spanId);
      const parentId = span && parentOf(span);
      if (!span || parentId === undefined || !spans.has(parentId) || this.children.has(spanId)) return false;
      const parentAt = index.get(parentId);
      // A parent without a row is hidden (collapsed above it, or not connected yet): so is the new span.
      if (parentAt === undefined) continue;
      const parentRow = rows[parentAt]!;
      const kids = this.children.get(parentId)!;
      if (collapsed.has(parentId)) {
        rows[parentAt] = { ...parentRow, childCount: kids.length, collapsed: true };
        continue;
      }
      rows[parentAt] = { ...parentRow, childCount: kids.length };
      // Its place among the siblings; the list stays sorted, so the next derivation need not sort it.
      this.sortByStart(kids, spans);
      this.unsorted.delete(parentId);
      let at: number | undefined;
      for (let k = kids.indexOf(spanId) + 1; k < kids.length && at === undefined; k++)
        at = index.get(kids[k]!);
      if (at === undefined) {
        at = parentAt + 1;
        while (at < rows.length && rows[at]!.depth > parentRow.depth) at++;
      }
      rows.splice(at, 0, { span, depth: parentRow.depth + 1, childCount: 0, collapsed: false, parentId });
      for (let i = at; i < rows.length; i++) index.set(rows[i]!.span.spanId, i);
    }
    last.rows = rows;
    return true;
  }

  /** The last rows with updated spans swapped in; undefined when a change needs a full derivation. */
  private patch(last: DerivedRows, spans: ReadonlyMap<string, Span>): TreeRow[] | undefined {
    if (this.updated.size === 0) return last.rows;
    const index = indexOf(last);
    const rows = last.rows.slice();
    for (const spanId of this.updated) {
      const at = index.get(spanId);
      const span = spans.get(spanId);
      if (at === undefined || !span) continue;
      const row = rows[at]!;
      // A placeholder parent spans its children's times: it changes with them.
      if (row.parentId !== undefined && !spans.has(row.parentId)) return undefined;
      rows[at] = { ...row, span };
    }
    last.rows = rows;
    return rows;
  }

  private derive(
    spans: ReadonlyMap<string, Span>,
    collapsed: ReadonlySet<string>,
    scope: TreeScope,
  ): { rows: TreeRow[]; cycles: boolean } {
    const arrivalOf = (id: string) => this.arrival.get(id) ?? 0;
    for (const parentId of this.unsorted) {
      const kids = this.children.get(parentId);
      if (kids) this.sortByStart(kids, spans);
    }
    this.unsorted.clear();
    if (this.rootsUnsorted) this.sortByStart(this.roots, spans);
    this.rootsUnsorted = false;

    // Placeholder parents exist only in the rows. Among equal starts, they follow the real
    // spans, in the arrival order of their first child.
    const placeholders = new Map<string, Span>();
    const tieKey = new Map<Span, number>();
    const starts: Span[] = [];
    for (const id of this.roots) starts.push(spans.get(id)!);
    for (const [parentId, kids] of this.children) {
      if (spans.has(parentId) || kids.length === 0) continue;
      if (scope.complete) {
        const kidSpans = kids.map((id) => spans.get(id)!);
        const placeholder = placeholderSpan(kidSpans[0]?.traceId ?? '', parentId, kidSpans);
        placeholders.set(parentId, placeholder);
        tieKey.set(
          placeholder,
          this.arrival.size + kids.reduce((min, id) => Math.min(min, arrivalOf(id)), Infinity),
        );
        starts.push(placeholder);
      } else {
        for (const id of kids) if (scope.anchors.has(id)) starts.push(spans.get(id)!);
      }
    }
    const tieOf = (span: Span) => tieKey.get(span) ?? arrivalOf(span.spanId);
    starts.sort((a, b) => a.startTime - b.startTime || tieOf(a) - tieOf(b));

    const rows: TreeRow[] = [];
    const visited = new Set<string>();
    // Iterative DFS: a 10,000-deep chain must not overflow the call stack.
    const walk = (from: Span[]) => {
      // Parallel stacks, not an object per entry: 100,000 entries each time rows are derived.
      // `hidden`: under a collapsed ancestor; visited (so not taken for a cycle) but no row.
      const stack: Span[] = [];
      const depths: number[] = [];
      const hiddens: boolean[] = [];
      for (let i = from.length - 1; i >= 0; i--) {
        stack.push(from[i]!);
        depths.push(0);
        hiddens.push(false);
      }
      while (stack.length > 0) {
        const span = stack.pop()!;
        const depth = depths.pop()!;
        const hidden = hiddens.pop()!;
        if (visited.has(span.spanId)) continue;
        visited.add(span.spanId);
        const kids = this.children.get(span.spanId) ?? [];
        const isCollapsed = kids.length > 0 && collapsed.has(span.spanId);
        const hideKids = hidden || isCollapsed;
        for (let i = kids.length - 1; i >= 0; i--) {
          const kid = spans.get(kids[i]!);
          if (!kid) continue;
          stack.push(kid);
          depths.push(depth + 1);
          hiddens.push(hideKids);
        }
        if (hidden) continue;
        // A row's parent is the span it was reached from: its parent id, except at depth 0.
        const parentId = depth > 0 ? span.parentSpanId : undefined;
        rows.push({ span, depth, childCount: kids.length, collapsed: isCollapsed, parentId });
      }
    };
    walk(starts);
    const cycles = scope.complete && visited.size < spans.size + placeholders.size;
    if (cycles) {
      // Spans on a parent cycle (bad data) have no root; show them rather than lose them.
      const rest = [...spans.values()].filter((span) => !visited.has(span.spanId));
      walk(rest.sort((a, b) => a.startTime - b.startTime || tieOf(a) - tieOf(b)));
    }
    return { rows, cycles };
  }
}

/** The row index by span id of derived rows, built once when first needed. */
function indexOf(last: DerivedRows): Map<string, number> {
  if (!last.index) last.index = new Map(last.rows.map((row, i) => [row.span.spanId, i]));
  return last.index;
}

/** The parent a span hangs under; a span naming itself has none. */
function parentOf(span: Span): string | undefined {
  const parentId = span.parentSpanId;
  return parentId && parentId !== span.spanId ? parentId : undefined;
}
