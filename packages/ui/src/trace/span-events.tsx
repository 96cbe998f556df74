import type { Span } from '../api/schemas';
import { prettyValue } from '../model/attributes';
import { formatOffset } from '../model/format';

/** Shown once, under Error, with the frames the user did not write hidden. */
const SHOWN_UNDER_ERROR = 'exception.stacktrace';

/** The span's events (time relative to the span's start) and its links, as text. */
export function SpanEvents({ span }: { span: Span }) {
  const events = span.timeEvents?.timeEvent ?? [];
  // The first exception's stack is the one shown under Error (exceptionOf).
  const shownUnderError =
    span.status?.code === 2
      ? events.findIndex(
          (e) => e.annotation.description === 'exception' || SHOWN_UNDER_ERROR in e.annotation.attributes,
        )
      : -1;
  const links = span.links ?? [];
  return (
    <>
      <section className="detail-section">
        <h3>Events</h3>
        {events.length === 0 ? (
          <p className="detail-empty">None</p>
        ) : (
          <ol className="event-list">
            {events.map((event, index) => (
              // Events have no id; their order is fixed once sent.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={index}>
                <span className="event-time tabular">{formatOffset(event.time - span.startTime)}</span>
                <span className="event-name">{event.annotation.description || '(event)'}</span>
                {Object.entries(event.annotation.attributes).map(([key, value]) => (
                  <div key={key} className="event-attr mono">
                    <span className="event-attr-key">{key}</span>{' '}
                    {index === shownUnderError && key === SHOWN_UNDER_ERROR
                      ? '(the stack trace under Error)'
                      : prettyValue(value)}
                  </div>
                ))}
              </li>
            ))}
          </ol>
        )}
      </section>
      {links.length > 0 && (
        <section className="detail-section">
          <h3>Links</h3>
          <ul className="event-list">
            {links.map((link, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: links have no id and a fixed order
              <li key={index} className="mono">
                trace {link.context?.traceId ?? '?'} · span {link.context?.spanId ?? '?'}
                {link.attributes &&
                  Object.entries(link.attributes).map(([key, value]) => (
                    <div key={key} className="event-attr">
                      <span className="event-attr-key">{key}</span> {prettyValue(value)}
                    </div>
                  ))}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
