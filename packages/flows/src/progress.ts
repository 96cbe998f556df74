import { type Attributes, trace } from '@opentelemetry/api';
import { PROGRESS_ATTR } from './span-attributes.js';

/**
 * Reports progress of the running flow or step: adds a span event named
 * `message` (with `attributes`) and sets `livespan:progress` to `message`.
 * With realtime tracing the change is exported while the span is still open,
 * so long steps show where they are.
 *
 * @returns `false` when there is no recording span to report on (outside any flow or step).
 */
export function progress(message: string, attributes?: Attributes): boolean {
  if (typeof message !== 'string') {
    throw new TypeError(`progress: message must be a string, got ${typeof message}`);
  }
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return false;
  span.addEvent(message, attributes);
  span.setAttribute(PROGRESS_ATTR, message);
  return true;
}
