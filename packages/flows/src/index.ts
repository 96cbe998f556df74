/**
 * @module @livespan/flows
 *
 * Instrumentation for apps: flows, traced steps, progress and Gemini model
 * calls, recorded with Genkit's span attributes, plus Genkit's dev reflection
 * API so a Dev UI can list and run the flows. Install a tracer provider and
 * context manager first (`initTracing()` from `@livespan/tracing`).
 */
export {
  type AnyFlow,
  defineFlow,
  type Flow,
  type FlowConfig,
  type FlowContext,
  type FlowRun,
  type FlowStartOptions,
} from './define-flow.js';
export { type ActionDescriptor, describeFlow, flowKey } from './flow-action.js';
export {
  describeIssues,
  FlowCancelledError,
  FlowInputError,
  FlowOutputError,
  type SchemaIssue,
} from './flow-errors.js';
export { createRegistry, defaultRegistry, type FlowRegistry } from './flow-registry.js';
export { flushTracing } from './flush-tracing.js';
export { configureGemini, DEFAULT_GEMINI_MODEL, type GeminiConfig } from './gemini-config.js';
export { type GenerateOptions, type GenerateResult, type GenerationSettings, generate } from './generate.js';
export { GenerateError } from './generate-error.js';
export { progress } from './progress.js';
export {
  type ReflectionServer,
  type ReflectionServerOptions,
  startReflectionServer,
} from './reflection-server.js';
export { run } from './run.js';
export { REFLECTION_API_SPEC_VERSION, runtimesDir } from './runtime-file.js';
export { type FlowsServerHandle, serveFlows } from './serve-flows.js';
export { GenkitAttr, PROGRESS_ATTR, TRACER_NAME } from './span-attributes.js';
export { currentSignal } from './step-frame.js';
