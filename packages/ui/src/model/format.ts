/**
 * Human-readable durations: "340 ms", "1.2 s", "2 m 05 s", "1 h 02 m".
 * `running` appends "…" so a ticking value reads as unfinished.
 */
export function formatDuration(ms: number, running = false): string {
  const suffix = running ? '…' : '';
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.floor(value)} ms${suffix}`;
  if (value < 60_000) return `${(Math.floor(value / 100) / 10).toFixed(1)} s${suffix}`;
  const totalSeconds = Math.floor(value / 1000);
  if (value < 3_600_000) {
    return `${Math.floor(totalSeconds / 60)} m ${String(totalSeconds % 60).padStart(2, '0')} s${suffix}`;
  }
  const totalMinutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, '0')} m${suffix}`;
}

/** "just now", "12 s ago", "3 m ago", "2 h ago", "4 d ago". Future times read "just now". */
export function formatRelative(time: number, now: number): string {
  const seconds = Math.floor((now - time) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** Wall-clock time with milliseconds in the viewer's time zone, e.g. "14:03:07.250". */
export function formatClock(time: number): string {
  const date = new Date(time);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Offset from a span's start, e.g. "+12 ms", "+1.5 s". */
export function formatOffset(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${formatDuration(Math.abs(ms))}`;
}

/** Short form of a long hex id for tight columns. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/**
 * A duration as the UI shows it: "12.3 s…" while it ticks; "last known
 * 12.3 s" while it would tick but the server connection is lost (the value
 * is frozen where the connection was lost); "12.3 s" once it stopped.
 */
export function formatLiveDuration(ms: number, ticking: boolean, frozen: boolean): string {
  if (ticking && frozen) return `last known ${formatDuration(ms)}`;
  return formatDuration(ms, ticking);
}

/** Wall-clock time to the second, e.g. "10:42:03". */
export function formatTimeOfDay(time: number): string {
  return formatClock(time).slice(0, 8);
}

/** A span of silence in words: "45 s", "3 m", "2 h". */
export function formatSilence(ms: number): string {
  const seconds = Math.floor(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m`;
  return `${Math.floor(minutes / 60)} h`;
}
