import { isSlowerThanUsual, type UsualDuration } from '@livespan/tracing/wire';
import { formatDuration } from './format';

/** What the server says of a path's usual duration (docs/api.md "Slower than usual"). */
export interface UsualFacts {
  usualDurationMs?: number | undefined;
  usualP95Ms?: number | undefined;
}

function usualOf(facts: UsualFacts): UsualDuration | undefined {
  const { usualDurationMs, usualP95Ms } = facts;
  return usualDurationMs === undefined || usualP95Ms === undefined
    ? undefined
    : { usualDurationMs, usualP95Ms };
}

/** How many times its usual duration a run past its path's usual p95 took: "3.1×"; undefined when it is not past it. */
export function slowerThanUsualTimes(facts: UsualFacts, durationMs: number): string | undefined {
  const usual = usualOf(facts);
  if (!usual || !isSlowerThanUsual(durationMs, usual)) return undefined;
  const ratio = usual.usualDurationMs > 0 ? durationMs / usual.usualDurationMs : Number.POSITIVE_INFINITY;
  return Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : 'far longer than';
}

/**
 * "running 3.1× its usual 2.0 s" (or "took …" once finished) when a run is
 * past its path's usual p95, judged again at every tick; undefined when it
 * is not, or when the path has no history.
 */
export function slowerThanUsualNote(
  facts: UsualFacts,
  durationMs: number,
  ticking: boolean,
): string | undefined {
  const times = slowerThanUsualTimes(facts, durationMs);
  if (times === undefined) return undefined;
  return `${ticking ? 'running' : 'took'} ${times} its usual ${formatDuration(facts.usualDurationMs ?? 0)}`;
}

/**
 * "~60% · usually 2.0 s": how far along a running trace probably is, from
 * its usual duration; never 100% while it runs. Undefined without history
 * or once it is slower than usual (the slow note says more).
 */
export function progressEstimate(facts: UsualFacts, elapsedMs: number): string | undefined {
  const usual = usualOf(facts);
  if (!usual || usual.usualDurationMs <= 0 || isSlowerThanUsual(elapsedMs, usual)) return undefined;
  const percent = Math.min(99, Math.floor((elapsedMs / usual.usualDurationMs) * 100));
  return `~${percent}% · usually ${formatDuration(usual.usualDurationMs)}`;
}
