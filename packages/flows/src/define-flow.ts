import type { z } from 'zod';
import { FlowCancelledError, FlowInputError, FlowOutputError } from './flow-errors.js';
import { defaultRegistry, type FlowRegistry } from './flow-registry.js';
import { type SpanRun, startInSpan } from './run-in-span.js';
import { currentSignal } from './step-frame.js';

/** How a flow is declared. */
export interface FlowConfig<I extends z.ZodType, O extends z.ZodType | undefined> {
  /** Unique name; the span name and the reflection API key `/flow/<name>`. */
  name: string;
  /** Validates the input and applies `.default()`s before the flow runs. */
  inputSchema: I;
  /** When given, the result is validated (and transformed) by it. */
  outputSchema?: O;
  /**
   * The shape of the chunks the flow sends with `sendChunk`; described to the
   * Dev UI (which then streams the flow's runs by default), not checked.
   */
  streamSchema?: z.ZodType;
  /** Shown in the Dev UI. */
  description?: string;
  /** Registry to add the flow to. Default: `defaultRegistry`. */
  registry?: FlowRegistry;
}

/** How a flow run is started. */
export interface FlowStartOptions {
  /**
   * Cancels the run: its running spans end with a `FlowCancelledError` and
   * `result` rejects with it. Steps and `generate` see it through `currentSignal()`.
   * A flow called inside another run is cancelled with that run too.
   */
  signal?: AbortSignal;
  /** Receives each chunk the flow sends with `sendChunk`, in order. Default: chunks are dropped. */
  onChunk?: (chunk: unknown) => void;
}

/** What a flow's function gets besides its input. */
export interface FlowContext {
  /**
   * Streams a chunk to whoever started the run with `onChunk` (the reflection
   * API's `runAction?stream=true`); does nothing otherwise. Pass it as
   * `generate({ stream: true, onChunk: sendChunk })` to stream a model's answer.
   */
  sendChunk: (chunk: unknown) => void;
}

/** A started flow run: its trace is known at once, the result later. */
export type FlowRun<T> = Pick<SpanRun<T>, 'traceId' | 'spanId' | 'result'>;

/**
 * A defined flow. Call it to run it in a new root span (or as a child span
 * when called inside another flow or step).
 */
export interface Flow<In, Parsed, Out> {
  (input: In): Promise<Out>;
  readonly name: string;
  readonly description: string | undefined;
  readonly inputSchema: z.ZodType;
  readonly outputSchema: z.ZodType | undefined;
  readonly streamSchema: z.ZodType | undefined;
  /** Validates `input` with the input schema, applying defaults; throws `FlowInputError`. */
  parseInput(input: unknown): Parsed;
  /**
   * Starts the flow and returns as soon as its span exists, with the trace id.
   * Throws `FlowInputError` at once (no span) when the input is invalid.
   */
  start(input: In, options?: FlowStartOptions): FlowRun<Out>;
}

/** A flow of any types, as registries hold them. */
// biome-ignore lint/suspicious/noExplicitAny: a registry holds flows of every input type
export type AnyFlow = Flow<any, unknown, unknown>;

/**
 * Defines a flow: a named, schema-checked function whose every run is traced
 * as a Genkit flow (`genkit:type` `action`, subtype `flow`). Input is validated
 * before the span starts; the validated input (defaults applied) is recorded
 * as `genkit:input` when the span starts, the result as `genkit:output`.
 * With an `outputSchema`, the result is validated by it too.
 *
 * @throws Error when `name` is empty or already registered.
 */
export function defineFlow<I extends z.ZodType, O extends z.ZodType>(
  config: FlowConfig<I, O> & { outputSchema: O },
  fn: (input: z.output<I>, context: FlowContext) => z.input<O> | Promise<z.input<O>>,
): Flow<z.input<I>, z.output<I>, z.output<O>>;
export function defineFlow<I extends z.ZodType, R>(
  config: FlowConfig<I, undefined>,
  fn: (input: z.output<I>, context: FlowContext) => R | Promise<R>,
): Flow<z.input<I>, z.output<I>, Awaited<R>>;
export function defineFlow(
  config: FlowConfig<z.ZodType, z.ZodType | undefined>,
  fn: (input: unknown, context: FlowContext) => unknown,
): AnyFlow {
  const { name, inputSchema, outputSchema, streamSchema, description } = config;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`defineFlow: "name" must be a non-empty string, got ${JSON.stringify(name)}`);
  }
  if (typeof inputSchema?.safeParse !== 'function') {
    throw new TypeError(`defineFlow("${name}"): "inputSchema" must be a zod schema`);
  }
  const parseInput = (input: unknown): unknown => {
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) throw new FlowInputError(name, parsed.error.issues);
    return parsed.data;
  };

  const start = (input: unknown, options: FlowStartOptions = {}): FlowRun<unknown> => {
    const parsed = parseInput(input);
    const cancel = runSignal(name, [options.signal, currentSignal()]);
    const { traceId, spanId, result } = startInSpan<unknown>(
      { name, type: 'action', subtype: 'flow', input: parsed, ...(cancel && { signal: cancel.signal }) },
      async () => {
        const output = await fn(parsed, { sendChunk: options.onChunk ?? (() => {}) });
        if (!outputSchema) return output;
        const checked = outputSchema.safeParse(output);
        if (!checked.success) throw new FlowOutputError(name, checked.error.issues);
        return checked.data;
      },
    );
    if (cancel) void result.then(cancel.dispose, cancel.dispose);
    return { traceId, spanId, result };
  };

  const flow = ((input: unknown) => {
    try {
      return start(input).result;
    } catch (error) {
      return Promise.reject(error);
    }
  }) as AnyFlow;
  Object.defineProperties(flow, {
    name: { value: name },
    description: { value: description, enumerable: true },
    inputSchema: { value: inputSchema, enumerable: true },
    outputSchema: { value: outputSchema, enumerable: true },
    streamSchema: { value: streamSchema, enumerable: true },
    parseInput: { value: parseInput, enumerable: true },
    start: { value: start, enumerable: true },
  });
  (config.registry ?? defaultRegistry).register(flow);
  return flow;
}

/**
 * The signal of a run that `sources` can cancel, whose reason names the flow;
 * `undefined` when nothing can. `dispose` detaches it from the sources, so a
 * long-lived caller signal does not keep finished runs alive.
 */
function runSignal(
  flowName: string,
  sources: Array<AbortSignal | undefined>,
): { signal: AbortSignal; dispose: () => void } | undefined {
  const signals = sources.filter((s): s is AbortSignal => s !== undefined);
  if (signals.length === 0) return undefined;
  const controller = new AbortController();
  const abort = (source: AbortSignal) =>
    controller.abort(new FlowCancelledError(flowName, { cause: source.reason }));
  const listeners = signals.map((source) => {
    const listener = () => abort(source);
    if (source.aborted) abort(source);
    else source.addEventListener('abort', listener, { once: true });
    return () => source.removeEventListener('abort', listener);
  });
  const dispose = () => {
    for (const remove of listeners) remove();
  };
  return { signal: controller.signal, dispose };
}
