import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { makeServer } from './test-support/factories.js';
import { defaultUiDir, serveUi } from './ui-files.js';

let dir: string;
let server: LivespanServer;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-ui-'));
  mkdirSync(path.join(dir, 'ui', 'assets'), { recursive: true });
  writeFileSync(
    path.join(dir, 'ui', 'index.html'),
    '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>',
  );
  writeFileSync(path.join(dir, 'ui', 'assets', 'app-1a2b.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  server = makeServer({ uiDir: path.join(dir, 'ui') });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Dev UI files', () => {
  it('serves index.html at / and for client-side routes, revalidated, with a CSP', async () => {
    for (const url of ['/', '/traces/0af7651916cd43dd8448eb211c80319c']) {
      const response = await server.app.request(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
      expect(await response.text()).toContain('/assets/app-1a2b.js');
    }
  });

  it('serves hashed assets as immutable', async () => {
    const response = await server.app.request('/assets/app-1a2b.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('never serves files outside the UI directory', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      expect(await (await server.app.request(url)).text()).not.toContain('do not serve');
    }
  });

  it('keeps unknown API paths as JSON 404s instead of the SPA page', async () => {
    const response = await server.app.request('/api/unknown');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no route GET /api/unknown' });
  });

  it('finds the built Dev UI in the @livespan/ui package this package depends on', () => {
    const uiPackage = path.dirname(
      realpathSync(createRequire(import.meta.url).resolve('@livespan/ui/package.json')),
    );
    expect(realpathSync(defaultUiDir())).toBe(path.join(uiPackage, 'dist'));
    expect(existsSync(path.join(defaultUiDir(), 'index.html'))).toBe(true);
  });

  it('without UI files, answers a page that names the folder and the fix for installed and cloned livespan', async () => {
    const empty = path.join(dir, 'no-ui');
    const response = await serveUi(empty, '/');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain(`no <code>index.html</code> in <code>${empty}</code>`);
    expect(page).toContain('<code>npm install livespan</code>');
    expect(page).toContain('run <code>npm run build</code>');
  });
});
