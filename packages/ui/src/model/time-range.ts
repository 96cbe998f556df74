/** The relative ranges the list offers, as written in the URL (`since=15m`). */
export const RANGE_PRESETS = ['15m', '1h', '24h'] as const;
type RangePreset = (typeof RANGE_PRESETS)[number];

const PRESET_MS: Record<RangePreset, number> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
};

/** Which start times the list shows: all, the last 15 min / 1 h / 24 h, or a custom from–to. */
export type TimeRange =
  | { kind: 'all' }
  | { kind: 'last'; preset: RangePreset }
  /** Milliseconds since the epoch; `since` inclusive, `until` exclusive, either may be open. */
  | { kind: 'custom'; since?: number; until?: number };

/** The absolute bounds of `range` at `now` (the server's `since` / `until`). */
export function resolveRange(range: TimeRange, now: number): { since?: number; until?: number } {
  if (range.kind === 'all') return {};
  if (range.kind === 'last') return { since: now - PRESET_MS[range.preset] };
  return { since: range.since, until: range.until };
}

/** Whether a trace that started at `startTime` lies in `range` at `now`. */
export function inRange(startTime: number, range: TimeRange, now: number): boolean {
  const { since, until } = resolveRange(range, now);
  return (since === undefined || startTime >= since) && (until === undefined || startTime < until);
}

function isPreset(value: string): value is RangePreset {
  return (RANGE_PRESETS as readonly string[]).includes(value);
}

function parseMs(value: string | null): number | undefined {
  if (value === null || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * Reads `since` / `until` URL values: a preset (`15m`, `1h`, `24h`) or integer
 * milliseconds. Values that are neither are ignored rather than failing the page.
 */
export function parseRange(since: string | null, until: string | null): TimeRange {
  if (since !== null && isPreset(since)) return { kind: 'last', preset: since };
  const from = parseMs(since);
  const to = parseMs(until);
  if (from === undefined && to === undefined) return { kind: 'all' };
  return { kind: 'custom', since: from, until: to };
}

/** The URL values of `range` (the inverse of {@link parseRange}). */
export function rangeParams(range: TimeRange): { since?: string; until?: string } {
  if (range.kind === 'all') return {};
  if (range.kind === 'last') return { since: range.preset };
  return {
    since: range.since === undefined ? undefined : String(range.since),
    until: range.until === undefined ? undefined : String(range.until),
  };
}

/** `time` as a `<input type="datetime-local">` value in the viewer's time zone ("2026-11-30T07:06"). */
export function toLocalInput(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value as ms since the epoch; undefined when empty or invalid. */
export function fromLocalInput(value: string): number | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : time;
}
