import type { TraceRecord } from './trace-store.js';

/** Heartbeats a run may miss before it counts as stopped: one late heartbeat is not a death. */
export const MISSED_HEARTBEATS = 3;

/** How long a trace with open spans may stay silent before it counts as stopped. */
function silenceLimitMs(record: Pick<TraceRecord, 'heartbeatMs'>, silentAfterMs: number): number {
  return record.heartbeatMs ? record.heartbeatMs * MISSED_HEARTBEATS : silentAfterMs;
}

/**
 * Why the open spans of a trace no longer run, or undefined while they may.
 * An explicit reason (its app exited) wins; otherwise silence counts only past
 * what the sender promised: 3 missed heartbeats, or `silentAfterMs` for a
 * sender without heartbeats, whose healthy long step is silent too.
 */
export function staleReasonOf(record: TraceRecord, now: number, silentAfterMs: number): string | undefined {
  if (record.runningCount === 0) return undefined;
  if (record.staleReason) return record.staleReason;
  if (now - record.lastSeen <= silenceLimitMs(record, silentAfterMs)) return undefined;
  return silenceReason(record, silentAfterMs);
}

/** The reason given when a trace went silent for longer than its sender allows. */
export function silenceReason(record: Pick<TraceRecord, 'heartbeatMs'>, silentAfterMs: number): string {
  const limit = formatWait(silenceLimitMs(record, silentAfterMs));
  return record.heartbeatMs
    ? `no heartbeat for ${limit} (the app sends one every ${formatWait(record.heartbeatMs)})`
    : `no update for ${limit}`;
}

function formatWait(ms: number): string {
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${round(ms / 1_000)} s`;
  if (ms < 3_600_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
