import { isInProgress } from '@livespan/tracing/wire';
import type { Span } from '../api/schemas';

/** `true` while a span has no end time (placeholders are never "running"). Stale spans count: see {@link isLive}. */
export function isRunning(span: Pick<Span, 'endTime' | 'placeholder'>): boolean {
  return isInProgress(span) && !span.placeholder;
}

/** `true` for a span that is open and still live: not ended and not stale (its run has not stopped). */
export function isLive(span: Pick<Span, 'endTime' | 'placeholder' | 'stale'>): boolean {
  return isRunning(span) && !span.stale;
}

/**
 * Picks which of two snapshots of one span to keep, so that events can be
 * applied in any order and more than once (replays after a reconnect):
 * a completed span is never regressed by a late running snapshot, and a
 * placeholder never replaces a span that was actually received.
 */
export function mergeSpan(existing: Span | undefined, incoming: Span): Span {
  if (!existing) return incoming;
  if (incoming.placeholder && !existing.placeholder) return existing;
  if (existing.placeholder) return incoming;
  if (existing.endTime && !incoming.endTime) return existing;
  return incoming;
}
