import { type Attributes, context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  decoratePath,
  GenkitAttr,
  pathSegment,
  type SpanSubtype,
  type SpanType,
  TRACER_NAME,
  TRACER_VERSION,
  toJsonAttribute,
} from './span-attributes.js';
import { currentFrame, STEP_FRAME_KEY, type StepFrame, warnIfNoContextManager } from './step-frame.js';

/** What to record on a span started by `startInSpan`. */
export interface SpanSpec<T> {
  /** Span name and `genkit:name`. */
  name: string;
  type: SpanType;
  subtype?: SpanSubtype;
  /** Recorded as `genkit:input` when the span starts; `undefined` records nothing. */
  input?: unknown;
  /** More attributes to set at start (e.g. `gen_ai.*`). */
  attributes?: Attributes;
  /** What to record as `genkit:output`. Default: the result itself. */
  outputForSpan?: (output: T) => unknown;
  /** Cancels this span and those inside it. Default: the enclosing run's signal (`currentSignal()`). */
  signal?: AbortSignal;
}

/** A span that has started, and the work running inside it. */
export interface SpanRun<T> {
  span: Span;
  traceId: string;
  spanId: string;
  /** Settles when the work does; the span has ended by then. */
  result: Promise<T>;
}

/**
 * Starts a span with Genkit's attributes and runs `fn` inside it, with the span
 * active. The span exists (and carries its input) before `fn` begins, which is
 * what lets live views show what a running step works on. A span with no
 * enclosing flow/step starts a new trace (`genkit:isRoot`), as in Genkit.
 * Errors set status ERROR, are recorded on the span and re-thrown.
 *
 * Cancellation: when the signal aborts, the span ends at once with its reason
 * as the error, whether or not `fn` heeds the signal (what `fn` still returns
 * is dropped); a span started after the abort does not run `fn`.
 */
export function startInSpan<T>(spec: SpanSpec<T>, fn: (span: Span) => T | Promise<T>): SpanRun<T> {
  warnIfNoContextManager();
  const parent = currentFrame();
  const isRoot = parent === undefined;
  const path = (parent?.path ?? '') + pathSegment(spec.name, spec.type, spec.subtype);
  const attributes: Attributes = {
    [GenkitAttr.type]: spec.type,
    [GenkitAttr.name]: spec.name,
    [GenkitAttr.path]: decoratePath(path, isRoot, spec.subtype),
    ...(spec.subtype && { [GenkitAttr.subtype]: spec.subtype }),
    ...(isRoot && { [GenkitAttr.isRoot]: true }),
    ...spec.attributes,
  };
  const input = toJsonAttribute(spec.input);
  if (input !== undefined) attributes[GenkitAttr.input] = input;

  const parentContext = context.active();
  const tracer = trace.getTracer(TRACER_NAME, TRACER_VERSION);
  const span = tracer.startSpan(spec.name, { root: isRoot, attributes }, parentContext);
  const signal = spec.signal ?? parent?.signal;
  const frame: StepFrame = signal ? { path, signal } : { path };
  const spanContext = trace.setSpan(parentContext, span).setValue(STEP_FRAME_KEY, frame);
  const result = context.with(spanContext, async () => {
    try {
      const output = await untilAborted(async () => fn(span), signal);
      const recorded = toJsonAttribute(spec.outputForSpan ? spec.outputForSpan(output) : output);
      if (recorded !== undefined) span.setAttribute(GenkitAttr.output, recorded);
      span.setAttribute(GenkitAttr.state, 'success');
      return output;
    } catch (error) {
      span.setAttribute(GenkitAttr.state, 'error');
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      span.recordException(error instanceof Error ? error : String(error));
      throw error;
    } finally {
      span.end();
    }
  });
  const { traceId, spanId } = span.spanContext();
  return { span, traceId, spanId, result };
}

/** Runs `fn` in a span (see `startInSpan`) and returns its result. */
export function runInSpan<T>(spec: SpanSpec<T>, fn: (span: Span) => T | Promise<T>): Promise<T> {
  return startInSpan(spec, fn).result;
}

/** Runs `work`, settling with the signal's reason as soon as it aborts. */
function untilAborted<T>(work: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work();
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work()
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
