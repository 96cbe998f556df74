import type { Span, TraceSummary } from '../api/schemas';
import { formatClock, formatSilence } from './format';

/** Silence after which a running trace without heartbeats says how long it has been quiet. */
const SILENCE_NOTE_AFTER_MS = 10_000;

/**
 * "no update for 45 s": a fact about a running trace whose sender promises
 * no heartbeat (Genkit's, OTLP exporters), once it has been silent for
 * {@link SILENCE_NOTE_AFTER_MS}. A healthy long step is silent too, so this
 * is not called stale. Senders with heartbeats go stale on the server
 * instead, so they never get this note.
 */
export function silenceNote(
  trace: Pick<TraceSummary, 'status' | 'heartbeatMs' | 'lastSeen'>,
  now: number,
): string | undefined {
  if (trace.status !== 'running' || trace.heartbeatMs !== undefined || trace.lastSeen <= 0) return undefined;
  const silent = now - trace.lastSeen;
  return silent >= SILENCE_NOTE_AFTER_MS ? `no update for ${formatSilence(silent)}` : undefined;
}

/** Why a run counts as stopped, for a badge or tooltip: "stopped: app exited with code 1". */
export function staleLabel(reason: string | undefined): string {
  return reason ? `stopped: ${reason}` : 'stopped: no sign of life';
}

/**
 * The sentence that explains a stale span or trace: its reason and the last
 * sign of life, e.g. "Stopped: app exited with code 1. Last sign of life
 * 10:42:03.120." (A wall-clock time: nothing ticks on a stopped trace, so
 * "12 s ago" would go stale itself.)
 */
export function staleSentence(reason: string | undefined, since: number | undefined): string {
  const why = reason ? `Stopped: ${reason}.` : 'Stopped: its run went silent.';
  if (since === undefined || since <= 0) return why;
  return `${why} Last sign of life ${formatClock(since)}.`;
}

/** The tooltip of a stale span's row. */
export function staleSpanTitle(span: Pick<Span, 'staleReason' | 'staleSince'>): string {
  const since = span.staleSince ? ` · last sign of life ${formatClock(span.staleSince)}` : '';
  return `${staleLabel(span.staleReason)}${since}`;
}
