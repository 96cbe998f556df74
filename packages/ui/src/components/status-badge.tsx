import './status-badge.css';

const LABELS = {
  running: 'running',
  ok: 'ok',
  error: 'error',
  stale: 'stale',
  placeholder: 'missing',
} as const;

/** A status word with a colored dot; the dot pulses while running. */
export function StatusBadge({ status }: { status: keyof typeof LABELS }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}

/** Just the dot, for dense rows. */
export function StatusDot({ status }: { status: keyof typeof LABELS }) {
  return <span className={`status-dot status-${status}`} data-status={status} title={LABELS[status]} />;
}
