import { useEffect, useRef } from 'react';
import type { Span } from '../api/schemas';
import { formatDuration } from '../model/format';
import { streamedOutput } from '../model/streamed-output';
import './streamed-output.css';

/**
 * A model span's answer as one block of text that grows while the model
 * writes, with time to first token and tokens per second; nothing for other spans.
 */
export function StreamedOutput({ span, now }: { span: Span; now: number }) {
  const output = streamedOutput(span, now);
  const textRef = useRef<HTMLPreElement>(null);
  const running = span.endTime <= 0;
  const length = output?.totalChars ?? 0;
  // Follow the end of a growing answer, as a terminal does.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again whenever the text grows
  useEffect(() => {
    const element = textRef.current;
    if (element && running) element.scrollTop = element.scrollHeight;
  }, [length, running]);
  if (!output) return null;
  const cut = output.totalChars - output.text.length;
  return (
    <section className="detail-section streamed-output" data-source={output.source} data-running={running}>
      <h3>{running ? 'Output so far' : 'Output'}</h3>
      <div className="streamed-stats tabular">
        {output.timeToFirstTokenMs !== undefined && (
          <span
            className="streamed-ttft"
            title="Time to first token: the first chunk's arrival after the span started"
          >
            first token {formatDuration(output.timeToFirstTokenMs)}
          </span>
        )}
        {output.tokensPerSecond && (
          <span
            className="streamed-rate"
            title={
              output.tokensPerSecond.estimated
                ? 'Estimated from characters (about 4 per token): the sender reports no token count yet'
                : 'Output tokens reported by the sender'
            }
          >
            {output.tokensPerSecond.estimated ? '≈ ' : ''}
            {output.tokensPerSecond.value.toFixed(1)} tok/s
            {output.tokensPerSecond.estimated ? ' (estimate)' : ''}
          </span>
        )}
        {output.chunkCount > 0 && (
          <span className="streamed-chunks">
            {output.chunkCount} {output.chunkCount === 1 ? 'chunk' : 'chunks'} · {output.totalChars} chars
          </span>
        )}
      </div>
      {output.missingChunks > 0 && (
        <p className="detail-empty streamed-missing">
          The first {output.missingChunks} chunks are not in the trace: the app's span event limit
          (OTEL_SPAN_EVENT_COUNT_LIMIT, 128 by default) dropped them. The whole answer shows when the span
          ends.
        </p>
      )}
      {cut > 0 && <p className="detail-empty">The first {cut} characters are not shown.</p>}
      {output.source !== 'none' && (
        <pre ref={textRef} className="streamed-text" aria-live={running ? 'polite' : 'off'}>
          {output.text}
          {running && <span className="streamed-caret" aria-hidden="true" />}
        </pre>
      )}
      {output.source === 'none' && running && (
        <p className="detail-empty">
          No chunk yet. Senders that stream chunks to traces (livespan's <code>generate</code>) show the text
          here as it is written; others show it when the span ends.
        </p>
      )}
      {output.source === 'none' && !running && <p className="detail-empty">No output text was recorded.</p>}
      {output.source === 'final' && (
        <p className="detail-empty streamed-note">
          This sender doesn't stream chunks to traces: this is the whole answer, recorded when the span ended.
        </p>
      )}
    </section>
  );
}
