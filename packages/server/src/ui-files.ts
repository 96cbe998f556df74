import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** No inline scripts; styles from files (and style attributes, which React sets). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** The built Dev UI: packages/ui/dist beside this package, in the workspace or in node_modules. */
export function defaultUiDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../ui/dist'), path.resolve(here, '../../../@livespan/ui/dist')];
  try {
    candidates.unshift(path.dirname(fileURLToPath(import.meta.resolve('@livespan/ui'))));
  } catch {
    // not resolvable until the UI is built; the relative candidates cover the workspace
  }
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates.at(-2)!;
}

const HELP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>livespan</title></head>
<body><h1>livespan server is running</h1>
<p>The Dev UI has not been built yet. Run <code>npm run build</code> in the livespan workspace, then reload.</p>
<p>The API is live: <a href="/api/traces">/api/traces</a>.</p></body></html>`;

/**
 * Answers a GET for a UI path: the file when it exists under `uiDir`
 * (hashed assets cached for a year, the rest revalidated), else index.html
 * (SPA fallback, so /traces/:id works), else a page saying how to build the UI.
 */
export async function serveUi(uiDir: string, urlPath: string): Promise<Response> {
  const root = path.resolve(uiDir);
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    relative = '/';
  }
  const file = path.resolve(root, `.${path.posix.normalize(relative)}`);
  const inside = file === root || file.startsWith(root + path.sep);
  if (inside && file !== root && (await isFile(file))) {
    const immutable = relative.startsWith('/assets/');
    return fileResponse(file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  }
  const index = path.join(root, 'index.html');
  if (await isFile(index)) return fileResponse(index, 'no-cache');
  return new Response(HELP_PAGE, { headers: uiHeaders('text/html; charset=utf-8', 'no-store') });
}

async function fileResponse(file: string, cacheControl: string): Promise<Response> {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return new Response(await readFile(file), { headers: uiHeaders(type, cacheControl) });
}

function uiHeaders(type: string, cacheControl: string): Headers {
  return new Headers({
    'content-type': type,
    'cache-control': cacheControl,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
