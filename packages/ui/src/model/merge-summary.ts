import type { TraceSummary } from '../api/schemas';

/**
 * Picks the newer of two summaries of one trace. Summaries come from the
 * live stream and from page fetches that may have started earlier, so the
 * one with the later `lastSeen` wins; on a tie the incoming one (a status
 * change such as running → stale keeps `lastSeen`).
 */
export function mergeSummary(existing: TraceSummary | undefined, incoming: TraceSummary): TraceSummary {
  if (existing && existing.lastSeen > incoming.lastSeen) return existing;
  return incoming;
}
