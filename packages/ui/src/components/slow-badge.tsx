import { slowerThanUsualNote, slowerThanUsualTimes, type UsualFacts } from '../model/usual-duration';
import './slow-badge.css';

/**
 * "running 3.1× its usual 2.0 s" while a run is past its path's usual p95;
 * nothing otherwise. `compact` ("3.1× usual", the sentence as its title)
 * fits a tree row.
 */
export function SlowBadge({
  facts,
  durationMs,
  ticking,
  compact = false,
}: {
  facts: UsualFacts;
  durationMs: number;
  /** Still running: the note says "running", and is judged again at every tick. */
  ticking: boolean;
  compact?: boolean;
}) {
  const note = slowerThanUsualNote(facts, durationMs, ticking);
  if (!note) return null;
  return (
    <span className="slow-badge" title={note}>
      {compact ? `${slowerThanUsualTimes(facts, durationMs)} usual` : note}
    </span>
  );
}
