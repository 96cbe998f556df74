import { formatRelative } from './format';

const DAY_MS = 24 * 60 * 60_000;

/** The absolute date and time, e.g. "2026-11-30 07:06:30" (viewer's time zone). */
export function formatDateTime(time: number): string {
  const date = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/**
 * The list's "Started" cell: relative while recent ("3 m ago"), the date and
 * time once older than a day (relative times that far back are hard to place);
 * `title` always holds the absolute time for the hover.
 */
export function startedLabel(startTime: number, now: number): { text: string; title: string } {
  const title = formatDateTime(startTime);
  if (now - startTime > DAY_MS) return { text: title.slice(0, 16), title };
  return { text: formatRelative(startTime, now), title };
}
