#!/usr/bin/env node
/**
 * Packs every public livespan package with `npm pack` into one folder
 * (default dist-packages/), after checking that each has what an installed
 * copy needs: its built files, README and LICENSE, and no workspace paths.
 * Run `npm run pack` (it builds first). Usage: node scripts/pack.mjs [--out <dir>]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The published packages, dependencies first. */
export const PUBLIC_PACKAGES = [
  'packages/tracing',
  'packages/ui',
  'packages/server',
  'packages/flows',
  'packages/cli',
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function packAll(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const tarballs = [];
  for (const folder of PUBLIC_PACKAGES) {
    const json = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir, `./${folder}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [result] = JSON.parse(json);
    const files = result.files.map((f) => f.path);
    const problems = [
      ...['package.json', 'README.md', 'LICENSE'].filter((f) => !files.includes(f)).map((f) => `no ${f}`),
      ...(files.some((f) => f.startsWith('dist/')) ? [] : ['no dist/: run npm run build first']),
      ...files
        .filter((f) => /(^|\/)(src|node_modules)\/|\.test\.|\.tsbuildinfo$/.test(f))
        .map((f) => `ships ${f}`),
    ];
    if (problems.length > 0) throw new Error(`${result.name}: ${problems.join(', ')}`);
    tarballs.push(path.join(outDir, result.filename));
    console.log(`${result.filename}  ${files.length} files, ${(result.size / 1024).toFixed(0)} kB`);
  }
  return tarballs;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: path.join(root, 'dist-packages') } },
  });
  const outDir = path.resolve(values.out);
  packAll(outDir);
  if (!existsSync(outDir) || readdirSync(outDir).length !== PUBLIC_PACKAGES.length) process.exitCode = 1;
  console.log(`\nInstall into your app: npm install ${path.relative(process.cwd(), outDir) || '.'}/*.tgz`);
}
