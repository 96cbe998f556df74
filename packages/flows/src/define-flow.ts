import type { z } from 'zod';
import { FlowInputError, FlowOutputError } from './flow-errors.js';
import { defaultRegistry, type FlowRegistry } from './flow-registry.js';
import { type SpanRun, startInSpan } from './run-in-span.js';

/** How a flow is declared. */
export interface FlowConfig<I extends z.ZodType, O extends z.ZodType | undefined> {
  /** Unique name; the span name and the reflection API key `/flow/<name>`. */
  name: string;
  /** Validates the input and applies `.default()`s before the flow runs. */
  inputSchema: I;
  /** When given, the result is validated (and transformed) by it. */
  outputSchema?: O;
  /** Shown in the Dev UI. */
  description?: string;
  /** Registry to add the flow to. Default: `defaultRegistry`. */
  registry?: FlowRegistry;
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
  /** Validates `input` with the input schema, applying defaults; throws `FlowInputError`. */
  parseInput(input: unknown): Parsed;
  /**
   * Starts the flow and returns as soon as its span exists, with the trace id.
   * Throws `FlowInputError` at once (no span) when the input is invalid.
   */
  start(input: In): FlowRun<Out>;
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
  fn: (input: z.output<I>) => z.input<O> | Promise<z.input<O>>,
): Flow<z.input<I>, z.output<I>, z.output<O>>;
export function defineFlow<I extends z.ZodType, R>(
  config: FlowConfig<I, undefined>,
  fn: (input: z.output<I>) => R | Promise<R>,
): Flow<z.input<I>, z.output<I>, Awaited<R>>;
export function defineFlow(
  config: FlowConfig<z.ZodType, z.ZodType | undefined>,
  fn: (input: unknown) => unknown,
): AnyFlow {
  const { name, inputSchema, outputSchema, description } = config;
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

  const start = (input: unknown): FlowRun<unknown> => {
    const parsed = parseInput(input);
    const { traceId, spanId, result } = startInSpan<unknown>(
      { name, type: 'action', subtype: 'flow', input: parsed },
      async () => {
        const output = await fn(parsed);
        if (!outputSchema) return output;
        const checked = outputSchema.safeParse(output);
        if (!checked.success) throw new FlowOutputError(name, checked.error.issues);
        return checked.data;
      },
    );
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
    parseInput: { value: parseInput, enumerable: true },
    start: { value: start, enumerable: true },
  });
  (config.registry ?? defaultRegistry).register(flow);
  return flow;
}
