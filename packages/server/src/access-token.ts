import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono, MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';

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
function unauthorized(): HttpError {
  return new HttpError(401, 'unauthorized');
}

/**
 * Requires `token` on every request except `GET /api/__health`, `POST
 * /api/session` (which checks it itself) and GETs of the Dev UI's static
 * files. Accepted as `Authorization: Bearer <token>` (exporters, SDKs, MCP)
 * or as the session cookie `POST /api/session` set (the Dev UI, whose
 * EventSource cannot send headers).
 */
export function requireAccessToken(token: string): MiddlewareHandler {
  const expectedToken = digest(token);
  const expectedSession = digest(sessionValue(token));
  return async function checkAccessToken(c, next) {
    const path = c.req.path;
    const isRead = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (path === '/api/__health' || (isRead && !DATA_PATH.test(path))) return next();
    if (path === '/api/session' && c.req.method === 'POST') return next();
    const presented = bearerValue(c.req.header('authorization'));
    const session = cookieValue(c.req.header('cookie'));
    // Both compared whatever the first answer, so timing does not tell which one was sent.
    const tokenOk = timingSafeEqual(digest(presented ?? ''), expectedToken) && presented !== undefined;
    const sessionOk = timingSafeEqual(digest(session ?? ''), expectedSession) && session !== undefined;
    if (!tokenOk && !sessionOk) {
      c.header('www-authenticate', 'Bearer');
      throw unauthorized();
    }
    await next();
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
 */
export function registerSessionRoutes(app: Hono, token: string | undefined): void {
  app.get('/api/session', (c) => c.json({ tokenRequired: token !== undefined }));
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
    if (!timingSafeEqual(digest(presented), digest(token))) throw unauthorized();
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
