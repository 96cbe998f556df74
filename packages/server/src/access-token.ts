import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';
import { type CheckedRequest, checkedRequest } from './request-guard.js';
import type { TokenGuesses } from './token-guesses.js';

/** The cookie the Dev UI's browser holds after `POST /api/session`. */
const SESSION_COOKIE = 'livespan_session';

/** How long the browser keeps the session cookie: 30 days, in seconds. */
const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;

/** Shortest token accepted: long enough to resist guessing, and for the exporter to redact it (8+). */
export const MIN_TOKEN_LENGTH = 16;

/** Paths anyone may GET: the Dev UI's static files, which hold no trace data. */
const DATA_PATH = /^\/(api|v1|apps)(\/|$)/;

/**
 * A token's digest, compared in constant time. Hashing first makes both
 * sides the same length, so neither the comparison nor its length check
 * tells an attacker how much of a guess was right.
 */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * What the cookie holds: a digest of the token, not the token itself, so a
 * cookie jar never reveals the secret the exporters send. Changing the
 * token invalidates every cookie.
 */
function sessionValue(token: string): string {
  return createHash('sha256').update(`livespan-session\0${token}`).digest('base64url');
}

function cookieValue(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}

function bearerValue(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

/** One answer for a missing and a wrong token, so a 401 reveals nothing. */
function unauthorized(headers: Record<string, string> = {}): HttpError {
  return new HttpError(401, 'unauthorized', undefined, headers);
}

/** How the server tells clients apart for TokenGuesses. */
export interface ClientAddress {
  /** Behind a reverse proxy (`--public-url`): the address the proxy appended to `X-Forwarded-For`. */
  trustForwardedFor: boolean;
}

/**
 * The client's address, or undefined for one on this machine: those are not
 * limited, because an app of the developer's own with a stale token must not
 * lock the developer's browser out, and a local user can read the token anyway.
 */
function clientOf(request: CheckedRequest, options: ClientAddress): string | undefined {
  const forwarded = options.trustForwardedFor ? request.headers.get('x-forwarded-for') : null;
  const address = forwarded ? forwarded.split(',').at(-1)!.trim() : (request.remoteAddress ?? 'unknown');
  return /^(127\.|::1$|::ffff:127\.)/.test(address) ? undefined : address;
}

/** 429 while `client` must wait; its credentials are not looked at. */
function refuseWhileWaiting(guesses: TokenGuesses, client: string | undefined): void {
  if (client === undefined) return;
  const waitMs = guesses.waitMs(client);
  if (waitMs === 0) return;
  const seconds = Math.ceil(waitMs / 1000);
  throw new HttpError(
    429,
    `too many wrong access tokens from this address; try again in ${seconds} s`,
    undefined,
    { 'retry-after': String(seconds) },
  );
}

/**
 * Requires `token` on every request except `GET /api/__health`, `POST
 * /api/session` (which checks it itself) and GETs of the Dev UI's static
 * files. Accepted as `Authorization: Bearer <token>` (exporters, SDKs, MCP)
 * or as the session cookie `POST /api/session` set (the Dev UI, whose
 * EventSource cannot send headers).
 */
export function requireAccessToken(check: AccessCheck): MiddlewareHandler {
  return async function checkAccessToken(c, next) {
    check(checkedRequest(c));
    await next();
  };
}

/** Throws the 401 or 429 a request without the access token gets; the one check Hono and direct-ingest.ts run. */
export type AccessCheck = (request: CheckedRequest) => void;

/** The access check of `token`, counting wrong guesses in `guesses`. */
export function accessCheck(token: string, guesses: TokenGuesses, address: ClientAddress): AccessCheck {
  const expectedToken = digest(token);
  const expectedSession = digest(sessionValue(token));
  return (request) => {
    const { path, method } = request;
    const isRead = method === 'GET' || method === 'HEAD';
    if (path === '/api/__health' || (isRead && !DATA_PATH.test(path))) return;
    if (path === '/api/session' && (method === 'POST' || method === 'DELETE')) return;
    const presented = bearerValue(request.headers.get('authorization') ?? undefined);
    const session = cookieValue(request.headers.get('cookie') ?? undefined);
    const client = clientOf(request, address);
    if (presented !== undefined || session !== undefined) refuseWhileWaiting(guesses, client);
    // Both compared whatever the first answer, so timing does not tell which one was sent.
    const tokenOk = timingSafeEqual(digest(presented ?? ''), expectedToken) && presented !== undefined;
    const sessionOk = timingSafeEqual(digest(session ?? ''), expectedSession) && session !== undefined;
    if (!tokenOk && !sessionOk) {
      // Only a credential that was presented counts as a guess: a page without its cookie yet is not one.
      if (client !== undefined && (presented !== undefined || session !== undefined)) guesses.wrong(client);
      throw unauthorized({ 'www-authenticate': 'Bearer' });
    }
  };
}

/** Bodies of `POST /api/session` larger than this are refused unread: it is open to anyone. */
const SESSION_BODY_LIMIT = 4096;

/**
 * `GET /api/session` answers `{tokenRequired}` to whoever passed the token
 * check (the Dev UI asks it to learn whether it must prompt). `POST
 * /api/session {"token"}` with the right token sets the `HttpOnly;
 * SameSite=Strict; Path=/` session cookie, `Secure` when the request came
 * over https (directly, or by a proxy's `X-Forwarded-Proto: https`); a wrong
 * one is 401. Without a configured token it answers 204 and sets nothing.
 * `DELETE /api/session` signs out: 204 and the cookie expired.
 */
export function registerSessionRoutes(
  app: Hono,
  token: string | undefined,
  guesses: TokenGuesses,
  address: ClientAddress,
): void {
  app.get('/api/session', (c) => c.json({ tokenRequired: token !== undefined }));
  app.delete('/api/session', (c) => {
    c.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
    return c.body(null, 204);
  });
  app.post('/api/session', async (c) => {
    if (Number(c.req.header('content-length') ?? 0) > SESSION_BODY_LIMIT) {
      throw new HttpError(413, `a session request is at most ${SESSION_BODY_LIMIT} bytes`);
    }
    const text = await readLimited(c.req.raw, SESSION_BODY_LIMIT);
    let presented: unknown;
    try {
      presented = (JSON.parse(text) as { token?: unknown } | null)?.token;
    } catch {
      throw new HttpError(400, 'expected JSON {"token": "..."}');
    }
    if (typeof presented !== 'string') throw new HttpError(400, 'expected JSON {"token": "..."}', 'token');
    if (token === undefined) return c.body(null, 204);
    const client = clientOf(checkedRequest(c), address);
    refuseWhileWaiting(guesses, client);
    if (!timingSafeEqual(digest(presented), digest(token))) {
      if (client !== undefined) guesses.wrong(client);
      throw unauthorized();
    }
    const https =
      new URL(c.req.url).protocol === 'https:' ||
      c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
    c.header(
      'set-cookie',
      `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_AGE_S}${https ? '; Secure' : ''}`,
    );
    return c.body(null, 204);
  });
}

async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > limit) throw new HttpError(413, `a session request is at most ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
