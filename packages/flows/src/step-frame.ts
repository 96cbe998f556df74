import { context, createContextKey } from '@opentelemetry/api';

/** What a running flow, step or model call tells the spans started inside it. */
export interface StepFrame {
  /** Undecorated Genkit path of the enclosing span, e.g. `/{myFlow,t:flow}`. */
  readonly path: string;
  /** Aborted when the enclosing flow run is cancelled; absent when nothing can cancel it. */
  readonly signal?: AbortSignal;
}

/**
 * The frame lives in the OTel context (not a separate AsyncLocalStorage), so it
 * follows exactly the same async propagation as the active span.
 */
export const STEP_FRAME_KEY = createContextKey('livespan.flows.step-frame');

/** The frame of the innermost running flow/step, if any. */
export function currentFrame(): StepFrame | undefined {
  return context.active().getValue(STEP_FRAME_KEY) as StepFrame | undefined;
}

/**
 * The `AbortSignal` of the flow run this code is part of, or `undefined`
 * outside a cancellable run. It is aborted (its `reason` a `FlowCancelledError`)
 * when the run is cancelled, e.g. by the Dev UI's Stop. Pass it to `fetch`, SDK
 * calls and timers so work ends when the run does; `generate` already does.
 */
export function currentSignal(): AbortSignal | undefined {
  return currentFrame()?.signal;
}

let contextChecked = false;

/**
 * Warns once when no context manager is installed: without one, every step
 * would start its own trace instead of nesting under its flow.
 */
export function warnIfNoContextManager(): void {
  if (contextChecked) return;
  contextChecked = true;
  const probe = createContextKey('livespan.flows.probe');
  const propagated = context.with(context.active().setValue(probe, true), () =>
    context.active().getValue(probe),
  );
  if (propagated !== true) {
    process.emitWarning(
      'No OpenTelemetry context manager is registered, so steps will not nest under their flow. ' +
        "Call initTracing() from '@livespan/tracing' (or register an AsyncLocalStorageContextManager) first.",
      { code: 'LIVESPAN_NO_CONTEXT_MANAGER' },
    );
  }
}
