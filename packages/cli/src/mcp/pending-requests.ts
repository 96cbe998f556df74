import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * Tracks the requests a connected transport has received and not yet
 * answered, so the server can answer them all after the client closed its
 * side (stdin ended) instead of dropping them. Call after `connect()`, which
 * installs the transport's `onmessage`.
 */
export function trackPendingRequests(transport: Transport): { idle(): Promise<void> } {
  const pending = new Set<string | number>();
  let wake: (() => void) | undefined;
  const receive = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if ('method' in message && 'id' in message) pending.add(message.id);
    receive?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage, options) => {
    try {
      await send(message, options);
    } finally {
      if (('result' in message || 'error' in message) && message.id !== undefined) {
        pending.delete(message.id);
        if (pending.size === 0) wake?.();
      }
    }
  };
  return {
    idle: () =>
      pending.size === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            wake = resolve;
          }),
  };
}
