import { useEffect, useRef } from 'react';
import { CodeBlock } from '../components/code-block';
import { navigate, tracePath } from '../routing/navigation';
import { StopButton } from '../trace/stop-button';
import type { RunOutput } from './run-output';
import './flow-output.css';

/**
 * A streamed run's output as it arrives, beside a link to its live trace and
 * Stop while it runs; then its result or error.
 */
export function FlowOutput({ output }: { output: RunOutput }) {
  const textRef = useRef<HTMLPreElement>(null);
  const running = output.end === undefined;
  // Follow the end of the growing text, as a terminal does.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll again whenever the text grows
  useEffect(() => {
    const element = textRef.current;
    if (element && running) element.scrollTop = element.scrollHeight;
  }, [output.totalChars, running]);
  const state = running ? 'running' : 'error' in (output.end ?? {}) ? 'error' : 'ok';
  const cut = output.totalChars - output.text.length;
  return (
    <section className="flow-output" aria-label="Streamed output" data-state={state}>
      <header className="flow-output-head">
        <h4>Output</h4>
        <span className="flow-output-status">
          {running ? (output.traceId ? 'Streaming…' : 'Starting…') : state === 'error' ? 'Failed' : 'Done'}
          {output.chunkCount > 0 && ` · ${output.chunkCount} ${output.chunkCount === 1 ? 'chunk' : 'chunks'}`}
        </span>
        {output.traceId && (
          <a
            className="flow-output-trace"
            href={tracePath(output.traceId)}
            onClick={(event) => {
              if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
              event.preventDefault();
              navigate(tracePath(output.traceId ?? ''));
            }}
          >
            {running ? 'Open live trace →' : 'Open trace →'}
          </a>
        )}
        {running && output.traceId && <StopButton traceId={output.traceId} />}
      </header>
      {cut > 0 && <p className="flow-output-note">The first {cut} characters are not shown.</p>}
      {output.chunkCount > 0 ? (
        <pre ref={textRef} className="flow-output-text" aria-live={running ? 'polite' : 'off'}>
          {output.text}
        </pre>
      ) : (
        running && (
          <p className="flow-output-note">No chunk yet: the flow has not streamed anything so far.</p>
        )
      )}
      {output.end && 'error' in output.end && (
        <p className="flow-run-error" role="alert" data-kind="run">
          {output.end.error}
        </p>
      )}
      {output.end && 'result' in output.end && (
        <div className="flow-output-result">
          <h5>Result</h5>
          <CodeBlock text={resultText(output.end.result)} label="Result" />
        </div>
      )}
    </section>
  );
}

function resultText(result: unknown): string {
  if (typeof result === 'string') return result;
  return JSON.stringify(result, null, 2) ?? '(no result)';
}
