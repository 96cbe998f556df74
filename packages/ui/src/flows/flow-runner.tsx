import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { HttpError, runFlow, runFlowStreamed } from '../api/client';
import type { FlowInfo } from '../api/schemas';
import { navigate, tracePath } from '../routing/navigation';
import { loadDraft, saveDraft } from './flow-drafts';
import { inputHistory, rememberInput } from './flow-history';
import { FlowOutput } from './flow-output';
import { InputFields } from './input-fields';
import { InputHistory } from './input-history';
import { formatInput, parseInput } from './input-text';
import { applyStreamLine, EMPTY_RUN_OUTPUT, type RunOutput } from './run-output';
import { defaultFromSchema } from './schema-defaults';
import { schemaFields } from './schema-fields';
import './flow-runner.css';

/** Why the last run did not start. */
type RunError = { kind: 'json' | 'rejected' | 'no-app' | 'failed'; message: string };

/**
 * One flow: its input editor (JSON, prefilled from the schema's defaults, with
 * the last inputs to pick from) and Run. With Stream on (the default for flows
 * that declare a stream schema) the run's output appears here as it arrives,
 * beside a link to its live trace; otherwise Run opens the live trace.
 */
export function FlowRunner({ flow, onAppChanged }: { flow: FlowInfo; onAppChanged: () => void }) {
  const defaults = useMemo(() => formatInput(defaultFromSchema(flow.inputSchema)), [flow.inputSchema]);
  const fields = useMemo(() => schemaFields(flow.inputSchema), [flow.inputSchema]);
  const [text, setText] = useState(() => loadDraft(flow.name) ?? defaults);
  const [error, setError] = useState<RunError | undefined>();
  const [pending, setPending] = useState(false);
  const [stream, setStream] = useState(flow.streamSchema !== undefined);
  const [history, setHistory] = useState(() => inputHistory(flow.name));
  const [output, setOutput] = useState<RunOutput | undefined>();
  const streaming = output !== undefined && output.end === undefined;
  // Leaving the tab stops reading the stream; the run itself goes on and its trace shows it.
  const reading = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => reading.current?.abort(), []);

  // The app was edited and its schema's defaults changed: follow them, unless the user typed their own input.
  useEffect(() => {
    if (loadDraft(flow.name) === undefined) setText(defaults);
  }, [flow.name, defaults]);

  const edit = (next: string) => {
    setText(next);
    saveDraft(flow.name, next === defaults ? undefined : next);
    // A JSON error follows the text as it is fixed; the app's verdict stays until the next run.
    if (error?.kind === 'json') {
      const parsed = parseInput(next);
      setError(parsed.ok ? undefined : { kind: 'json', message: parsed.error });
    }
  };

  const run = async () => {
    if (pending) return;
    const parsed = parseInput(text);
    if (!parsed.ok) {
      setError({ kind: 'json', message: parsed.error });
      return;
    }
    setError(undefined);
    setPending(true);
    setHistory(rememberInput(flow.name, text));
    try {
      if (stream) await runStreamed(parsed.input);
      else navigate(tracePath((await runFlow(flow.name, parsed.input)).traceId));
    } catch (cause) {
      setError(describeRunError(flow.name, cause));
      if (cause instanceof HttpError && (cause.status === 503 || cause.status === 404)) onAppChanged();
    } finally {
      setPending(false);
    }
  };

  /** Shows the run's output as it streams; a refusal before it starts throws, like a plain run. */
  const runStreamed = async (input: unknown) => {
    setOutput(EMPTY_RUN_OUTPUT);
    let started = false;
    try {
      reading.current = new AbortController();
      await runFlowStreamed(
        flow.name,
        input,
        (line) => {
          started = true;
          setOutput((current) => applyStreamLine(current ?? EMPTY_RUN_OUTPUT, line));
        },
        reading.current.signal,
      );
    } catch (cause) {
      if (!started) {
        setOutput(undefined);
        throw cause;
      }
      const message = cause instanceof Error ? cause.message : String(cause);
      setOutput((current) => ({
        ...(current ?? EMPTY_RUN_OUTPUT),
        end: { error: `The stream broke off: ${message}` },
      }));
      return;
    }
    // The connection ended without a last line (the server went away).
    setOutput((current) =>
      current && !current.end
        ? { ...current, end: { error: 'The stream ended before the run did.' } }
        : current,
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault();
      void run();
    }
  };

  const lines = Math.min(Math.max(text.split('\n').length + 1, 6), 24);
  return (
    <section className="flow-runner" aria-label={`Run ${flow.name}`} data-flow={flow.name}>
      <header className="flow-runner-head">
        <h3 className="flow-runner-name">{flow.name}</h3>
        {flow.key && <span className="flow-runner-key mono">{flow.key}</span>}
      </header>
      {flow.description && <p className="flow-runner-description">{flow.description}</p>}

      <div className="flow-input-head">
        <label htmlFor="flow-input">Input</label>
        <span className="flow-input-format">JSON</span>
        <InputHistory
          history={history}
          onPick={(picked) => {
            edit(picked);
            setError(undefined);
          }}
        />
        <button
          type="button"
          className="flow-reset"
          onClick={() => {
            edit(defaults);
            setError(undefined);
          }}
          disabled={text === defaults}
        >
          Reset to defaults
        </button>
      </div>
      <textarea
        id="flow-input"
        className="flow-input"
        value={text}
        rows={lines}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        placeholder="No input: leave empty, or type a JSON value"
        aria-invalid={error?.kind === 'json' || error?.kind === 'rejected'}
        aria-describedby={error ? 'flow-run-error' : undefined}
        onChange={(event) => edit(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p id="flow-run-error" className="flow-run-error" role="alert" data-kind={error.kind}>
          {error.message}
        </p>
      )}

      <div className="flow-run-bar">
        <button
          type="button"
          className="run-button"
          onClick={() => void run()}
          disabled={pending || streaming}
        >
          <span className="run-icon" aria-hidden="true" />
          {streaming ? 'Running…' : pending ? 'Starting…' : 'Run'}
        </button>
        <label className="flow-stream-toggle">
          <input type="checkbox" checked={stream} onChange={(event) => setStream(event.target.checked)} />
          Stream output
        </label>
        <span className="flow-run-hint">
          Ctrl+Enter · {stream ? 'shows the output here as it arrives' : "opens the run's live trace"}
        </span>
      </div>
      {output && <FlowOutput output={output} />}

      {fields.length > 0 && <InputFields fields={fields} />}
    </section>
  );
}

function describeRunError(flowName: string, cause: unknown): RunError {
  const message = cause instanceof Error ? cause.message : String(cause);
  if (!(cause instanceof HttpError))
    return { kind: 'failed', message: `Could not start the run: ${message}` };
  switch (cause.status) {
    case 400:
      return { kind: 'rejected', message };
    case 503:
      return { kind: 'no-app', message: `No app connected, so the run did not start (${message}).` };
    case 404:
      return {
        kind: 'failed',
        message: `The app has no flow "${flowName}" any more (${message}); the list is being refreshed.`,
      };
    default:
      return { kind: 'failed', message: `Could not start the run: ${message}` };
  }
}
