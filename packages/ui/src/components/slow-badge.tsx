import { slowerThanUsualNote, type UsualFacts } from '../model/usual-duration';
import './slow-badge.css';

/** "running 3.1× its usual 2.0 s" while a run is past its path's usual p95; nothing otherwise. */
export function SlowBadge({
  facts,
  durationMs,
  ticking,
}: {
  facts: UsualFacts;
  durationMs: number;
  /** Still running: the note says "running", and is judged again at every tick. */
  ticking: boolean;
}) {
  const note = slowerThanUsualNote(facts, durationMs, ticking);
  if (!note) return null;
  return (
    <span className="slow-badge" title={`p95 of recent runs: ${Math.round(facts.usualP95Ms ?? 0)} ms`}>
      {note}
    </span>
  );
}
