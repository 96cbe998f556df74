import { LOOPBACK_HOSTS } from '@livespan/tracing/wire';
import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';
import { nodeIncoming, type RequestHeaders } from './read-body.js';

/** The hostname of a `Host` header or URL authority, lower-case, port removed. */
function hostnameOf(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.split(':')[0]!;
}

/**
 * The hosts a request may name: loopback, the bound host, and the public URL
 * a proxy serves the server at (`publicUrl`, e.g. `https://traces.internal`).
 */
export interface AllowedHosts {
  boundHost: string;
  /** The origin of the public URL, exactly (scheme, host and port), if one is configured. */
  publicOrigin?: string | undefined;
}

/**
 * True for an origin the Dev UI can have: http on localhost, 127.0.0.1, [::1]
 * or the bound host, any port; or exactly the public URL's origin.
 */
function isAllowedOrigin(origin: string, allowed: AllowedHosts): boolean {
  if (allowed.publicOrigin !== undefined && origin.toLowerCase() === allowed.publicOrigin) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && isLocalHost(url.hostname, allowed.boundHost);
}

/** Loopback or the bound host. */
function isLocalHost(hostname: string, boundHost: string): boolean {
  const bound = boundHost.toLowerCase();
  return LOOPBACK_HOSTS.has(hostname) || hostname === bound || `[${bound}]` === hostname;
}

function isAllowedHost(hostname: string, allowed: AllowedHosts): boolean {
  if (isLocalHost(hostname, allowed.boundHost)) return true;
  return allowed.publicOrigin !== undefined && new URL(allowed.publicOrigin).hostname === hostname;
}

/** The host a request without a `Host` header is given by the listener, so the guard can refuse it in JSON. */
export const MISSING_HOST = 'missing-host.invalid';

/**
 * Refuses requests that a web page on another site could make: a `Host`
 * other than loopback or the bound host (DNS rebinding) is 403, and a POST
 * whose `Origin` is foreign is 403 (browsers send simple cross-site POSTs
 * without preflight, so CORS alone would not stop them). Reads of trace
 * data (`/api/*`, `/v1/*`, streams included) are refused the same way, and
 * also when the browser marks them `Sec-Fetch-Site: cross-site` without an
 * `Origin` (a no-cors fetch, an `<img>` or `<script>`): such a read cannot
 * be answered without spending the server's work on a foreign page.
 * Requests without either header (curl, SDKs) pass, and so do UI pages, so
 * a link from anywhere still opens the Dev UI.
 */
export function requestGuard(allowed: AllowedHosts): MiddlewareHandler {
  return async function guardRequest(c, next) {
    checkRequest(checkedRequest(c), allowed);
    await next();
  };
}

/** What the request checks (this guard, access-token.ts) read of a request, from Hono or node:http. */
export interface CheckedRequest {
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** The `Host` header; `MISSING_HOST` when there is none. */
  host: string;
  headers: RequestHeaders;
  /** The peer's address, if known. */
  remoteAddress: string | undefined;
}

/** A Hono request as the checks read it. */
export function checkedRequest(c: Context): CheckedRequest {
  return {
    method: c.req.method,
    path: c.req.path,
    host: c.req.header('host') ?? new URL(c.req.url).host,
    headers: c.req.raw.headers,
    remoteAddress: nodeIncoming(c)?.socket.remoteAddress,
  };
}

/** The checks of `requestGuard`, for a request served without Hono (direct-ingest.ts). */
export function checkRequest(request: CheckedRequest, allowed: AllowedHosts): void {
  const { host, method, headers } = request;
  if (host === MISSING_HOST) throw new HttpError(400, 'a Host header is required');
  if (!isAllowedHost(hostnameOf(host), allowed)) {
    throw new HttpError(403, `Host ${JSON.stringify(host)} is not allowed; use localhost`);
  }
  const origin = headers.get('origin') ?? undefined;
  const isRead = method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
  if (isRead && !DATA_PATH.test(request.path)) return;
  if (origin !== undefined && method !== 'OPTIONS' && !isAllowedOrigin(origin, allowed)) {
    throw new HttpError(403, `requests from origin ${JSON.stringify(origin)} are not allowed`);
  }
  if (isRead && origin === undefined && headers.get('sec-fetch-site') === 'cross-site') {
    throw new HttpError(403, 'cross-site reads of trace data are not allowed');
  }
}

/** Paths that reveal trace data or run flows; everything else is the Dev UI's static files. */
const DATA_PATH = /^\/(api|v1)(\/|$)/;

/**
 * The one CORS policy, SSE included: `http://localhost:*`, `http://127.0.0.1:*`
 * (and the bound host, and the public URL's origin) may read; other origins get no CORS headers. Headers
 * are only touched when an allowed `Origin` is present, which keeps the
 * common no-Origin ingest path free of header copies.
 */
export function corsPolicy(allowed: AllowedHosts): MiddlewareHandler {
  return async function cors(c, next) {
    const origin = c.req.header('origin');
    const granted = origin !== undefined && isAllowedOrigin(origin, allowed);
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
      const headers = new Headers({ vary: 'Origin' });
      if (granted) {
        headers.set('access-control-allow-origin', origin);
        headers.set('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
        headers.set(
          'access-control-allow-headers',
          'content-type, content-encoding, last-event-id, authorization',
        );
        headers.set('access-control-max-age', '600');
      }
      c.res = new Response(null, { status: 204, headers });
      return;
    }
    await next();
    if (granted) {
      c.res.headers.set('access-control-allow-origin', origin);
      c.res.headers.append('vary', 'Origin');
    }
  };
}
