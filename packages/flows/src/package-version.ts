import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version, read once from its package.json (next to both `src/` and `dist/`). */
function packageVersion(): string {
  if (cached === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    cached = pkg.version;
  }
  return cached;
}

/** What we announce as `genkitVersion` / `X-Genkit-Version`: a Node runtime, and which library it is. */
export function runtimeVersionLabel(): string {
  return `nodejs/livespan-flows-${packageVersion()}`;
}
