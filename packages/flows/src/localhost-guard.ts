import type { IncomingMessage } from 'node:http';
import { LOOPBACK_HOSTS } from '@livespan/tracing/wire';

/**
 * Why a request must be refused, or `undefined` to let it through. The Host
 * check stops DNS-rebinding pages from reaching the API under another name;
 * the Origin check stops any other web page from POSTing to it.
 */
export function refuseNonLocal(req: IncomingMessage): string | undefined {
  const host = req.headers.host;
  if (!host || !LOOPBACK_HOSTS.has(hostnameOf(host))) {
    return `Host header ${JSON.stringify(host ?? '')} is not localhost`;
  }
  const origin = req.headers.origin;
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined) {
    let hostname: string | undefined;
    try {
      const url = new URL(origin);
      hostname = url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname : undefined;
    } catch {
      hostname = undefined;
    }
    if (hostname === undefined || !LOOPBACK_HOSTS.has(hostname)) {
      return `Origin ${JSON.stringify(origin)} is not localhost`;
    }
  }
  return undefined;
}

function hostnameOf(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}
