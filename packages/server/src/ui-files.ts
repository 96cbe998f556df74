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

/**
 * The built Dev UI: the `dist` folder of `@livespan/ui`, a dependency of this
 * package (installed beside it, or linked in the livespan workspace).
 */
export function defaultUiDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates: string[] = [];
  try {
    candidates.push(
      path.join(path.dirname(fileURLToPath(import.meta.resolve('@livespan/ui/package.json'))), 'dist'),
    );
  } catch {
    // @livespan/ui missing from node_modules: the workspace layout below still finds it
  }
  candidates.push(path.resolve(here, '../../ui/dist'));
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

/** Shown when the UI directory has no index.html: says where it looked and how to get the files. */
function helpPage(uiDir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>livespan</title></head>
<body><h1>livespan server is running</h1>
<p>The Dev UI files are missing: there is no <code>index.html</code> in <code>${escapeHtml(uiDir)}</code>.</p>
<ul>
<li>Installed with npm: the <code>@livespan/ui</code> package comes with <code>@livespan/server</code> and <code>livespan</code>;
reinstall them (<code>npm install livespan</code>, or the tarballs from <code>npm run pack</code>).</li>
<li>In a clone of the livespan repository: run <code>npm run build</code>, then reload.</li>
</ul>
<p>The API is live: <a href="/api/traces">/api/traces</a>.</p></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Answers a GET for a UI path: the file when it exists under `uiDir`
 * (hashed assets cached for a year, the rest revalidated), else index.html
 * (SPA fallback, so /traces/:id works), else a page saying how to get the UI files.
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
  return new Response(helpPage(root), { headers: uiHeaders('text/html; charset=utf-8', 'no-store') });
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
