import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RUNTIMES_FOLDER, type RuntimeFile } from '@livespan/tracing/wire';
import { runtimeVersionLabel } from './package-version.js';

/** Genkit's reflection API spec version that this runtime implements. */
export const REFLECTION_API_SPEC_VERSION = 1;

/** The runtime file this package writes: every field of `RuntimeFile` that Genkit's tooling reads, filled in. */
type WrittenRuntimeFile = Required<RuntimeFile> & { timestamp: string };

/** Where runtimes of a project announce themselves. */
export function runtimesDir(projectRoot: string): string {
  return path.join(projectRoot, ...RUNTIMES_FOLDER);
}

/**
 * Writes the runtime file and returns its path. The file is written beside the
 * directory and renamed in, so a tool watching `runtimes/` never reads half a file.
 */
export function writeRuntimeFile(
  projectRoot: string,
  fields: { id: string; reflectionServerUrl: string; telemetryServerUrl: string; name?: string },
): string {
  const now = new Date();
  const projectName = readProjectName(projectRoot);
  const info: WrittenRuntimeFile = {
    id: fields.id,
    pid: process.pid,
    name: fields.name ?? projectName,
    reflectionServerUrl: fields.reflectionServerUrl,
    timestamp: now.toISOString(),
    genkitVersion: runtimeVersionLabel(),
    reflectionApiSpecVersion: REFLECTION_API_SPEC_VERSION,
    projectName,
    telemetryServerUrl: fields.telemetryServerUrl,
  };
  const dir = runtimesDir(projectRoot);
  mkdirSync(dir, { recursive: true });
  const fileName = `${fields.id}-${now.getTime()}.json`;
  const temporary = path.join(path.dirname(dir), `.${fileName}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, 'utf8');
  const target = path.join(dir, fileName);
  renameSync(temporary, target);
  return target;
}

/**
 * Removes a runtime file if it is still ours (same pid). Synchronous so it can
 * run in an `exit` handler. Never throws.
 */
export function removeRuntimeFile(filePath: string): void {
  try {
    const info = JSON.parse(readFileSync(filePath, 'utf8')) as Partial<RuntimeFile>;
    if (info.pid === process.pid) unlinkSync(filePath);
  } catch {
    // Already gone or unreadable: nothing of ours to clean up.
  }
}

function readProjectName(projectRoot: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
      name?: unknown;
    };
    if (typeof pkg.name === 'string' && pkg.name) return pkg.name;
  } catch {
    // No package.json: fall back to the folder name.
  }
  return path.basename(path.resolve(projectRoot));
}
