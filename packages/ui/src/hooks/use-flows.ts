import { useEffect, useState } from 'react';
import { fetchFlows, HttpError } from '../api/client';
import type { FlowInfo } from '../api/schemas';

/** Result of `GET /api/flows`. */
export type FlowsState =
  | { kind: 'loading' }
  | { kind: 'ready'; flows: FlowInfo[] }
  | { kind: 'no-app' }
  | { kind: 'error'; message: string };

/** Loads the connected app's flows once per mount. */
export function useFlows(): FlowsState {
  const [state, setState] = useState<FlowsState>({ kind: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    fetchFlows(controller.signal).then(
      (body) => setState({ kind: 'ready', flows: body.flows }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof HttpError && error.status === 503) setState({ kind: 'no-app' });
        else setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, []);
  return state;
}
