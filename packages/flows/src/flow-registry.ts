import type { AnyFlow } from './define-flow.js';

/** The flows an app defines, which the reflection API lists and runs. */
export interface FlowRegistry {
  /** Adds a flow; throws if a flow of that name is already registered. */
  register(flow: AnyFlow): void;
  /** The flow named `name`, if registered. */
  get(name: string): AnyFlow | undefined;
  /** Every registered flow, in definition order. */
  list(): AnyFlow[];
}

/** A new, empty registry. Pass it to `defineFlow` and `startReflectionServer` to keep flows apart (e.g. in tests). */
export function createRegistry(): FlowRegistry {
  const flows = new Map<string, AnyFlow>();
  return {
    register(flow) {
      if (flows.has(flow.name)) {
        throw new Error(`A flow named "${flow.name}" is already defined; flow names must be unique.`);
      }
      flows.set(flow.name, flow);
    },
    get: (name) => flows.get(name),
    list: () => [...flows.values()],
  };
}

/** The registry `defineFlow` and `serveFlows` use when none is given. */
export const defaultRegistry: FlowRegistry = createRegistry();
