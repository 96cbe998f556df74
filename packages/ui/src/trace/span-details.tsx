import type { Span } from '../api/schemas';
import { CodeBlock } from '../components/code-block';
import { CopyButton } from '../components/copy-button';
import { SlowBadge } from '../components/slow-badge';
import { StatusBadge } from '../components/status-badge';
import { describeAttributes } from '../model/attributes';
import { formatClock, formatLiveDuration } from '../model/format';
import type { ClockReading } from '../model/live-clock';
import { staleSentence } from '../model/live-truth';
import { exceptionOf, spanState } from '../model/span-state';
import { spanDuration } from '../model/timeline';
import { spanLink } from '../model/trace-url';
import { userStack } from '../model/user-stack';
import { tracePath } from '../routing/navigation';
import { SpanAttributes } from './span-attributes';
import { SpanEvents } from './span-events';
import { SpanResource } from './span-resource';
import { SpanUsage } from './span-usage';
import { StreamedOutput } from './streamed-output';
import './span-details.css';

function IdRow({ label, value }: { label: string; value: string | undefined }) {
  if (!value) return null;
  return (
    <div className="kv-row">
      <dt>{label}</dt>
      <dd>
        <span className="kv-value mono">{value}</span>
        <CopyButton text={value} />
      </dd>
    </div>
  );
}

/** Everything about the selected span, as text. */
export function SpanDetails({
  span,
  lastSeen,
  clock,
}: {
  span: Span | undefined;
  /** The trace's last sign of life: stands in for a stale span's `staleSince` when the server gave none. */
  lastSeen: number;
  clock: ClockReading;
}) {
  const { now, frozen } = clock;
  if (!span) {
    return (
      <aside className="span-details empty" aria-label="Span details">
        <p>Select a span to see its details.</p>
        <p className="hint">↑ ↓ move · ← → collapse / expand · Enter toggles</p>
      </aside>
    );
  }
  const state = spanState(span);
  const running = state === 'running';
  const exception = exceptionOf(span);
  const { genkitType, genkitPath } = describeAttributes(span.attributes);
  return (
    <aside className="span-details" aria-label="Span details">
      <header className="details-head">
        <h2 className="details-name">
          {state === 'placeholder' ? 'missing parent span' : span.displayName || '(unnamed)'}
        </h2>
        <div className="details-meta">
          <StatusBadge status={state} />
          {state !== 'placeholder' && (
            <span className="tabular details-duration">
              {formatLiveDuration(spanDuration(span, now, lastSeen), running, frozen)}
            </span>
          )}
          {(running || span.endTime > 0) && (
            <SlowBadge facts={span} durationMs={spanDuration(span, now, lastSeen)} ticking={running} />
          )}
          {genkitType && <span className="label">{genkitType}</span>}
          <CopyButton
            text={spanLink(window.location.origin, tracePath(span.traceId), span.spanId)}
            label="Copy link"
          />
        </div>
        {genkitPath && <div className="details-path mono">{genkitPath}</div>}
      </header>
      {state === 'stale' && (
        <p className="details-note stale-note">
          {staleSentence(span.staleReason, span.staleSince ?? lastSeen)}
        </p>
      )}
      {state === 'placeholder' && (
        <p className="details-note">
          This span was never received. It stands in for a missing parent so that its children are not lost.
        </p>
      )}
      {state === 'error' && (
        <section className="detail-section error-section">
          <h3>Error</h3>
          <p className="error-message">{span.status?.message || exception?.message || 'status: error'}</p>
          {exception?.stack && <CodeBlock text={userStack(exception.stack)} label="Stack trace" />}
        </section>
      )}
      <StreamedOutput span={span} now={now} />
      <section className="detail-section">
        <dl className="kv">
          <IdRow label="Span ID" value={span.spanId} />
          <IdRow label="Trace ID" value={span.traceId} />
          <IdRow label="Parent ID" value={span.parentSpanId} />
          {span.spanKind && (
            <div className="kv-row">
              <dt>Kind</dt>
              <dd>{span.spanKind}</dd>
            </div>
          )}
          {state !== 'placeholder' && (
            <div className="kv-row">
              <dt>Started</dt>
              <dd className="tabular">{formatClock(span.startTime)}</dd>
            </div>
          )}
          {span.endTime > 0 && (
            <div className="kv-row">
              <dt>Ended</dt>
              <dd className="tabular">{formatClock(span.endTime)}</dd>
            </div>
          )}
          {state === 'stale' && (
            <div className="kv-row">
              <dt>Stopped</dt>
              <dd className="tabular">{formatClock(span.staleSince ?? lastSeen)}</dd>
            </div>
          )}
          {span.instrumentationLibrary && (
            <div className="kv-row">
              <dt>Library</dt>
              <dd>
                {span.instrumentationLibrary.name}
                {span.instrumentationLibrary.version ? ` ${span.instrumentationLibrary.version}` : ''}
              </dd>
            </div>
          )}
        </dl>
      </section>
      <SpanUsage span={span} />
      <SpanAttributes attributes={span.attributes} usageShown={span.usage !== undefined} />
      <SpanResource resourceId={span.resourceId} />
      <SpanEvents span={span} />
    </aside>
  );
}
