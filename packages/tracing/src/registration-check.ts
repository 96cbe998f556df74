import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { trace as traceApi } from '@opentelemetry/api';

/**
 * Why tracing set up by `initTracing()` would not record: OpenTelemetry's
 * global registration fails quietly (it logs through `diag`, which has no
 * logger by default), and a second copy of `@opentelemetry/api` at another
 * version can neither register nor see the first copy's tracer provider.
 * These checks turn both into a message that names the conflict and its fix.
 */

/** The global slot all copies of `@opentelemetry/api` 1.x share. */
const GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');

/** A copy of `@opentelemetry/api` on disk. */
export interface ApiCopy {
  version: string;
  /** Real path of the package folder. */
  dir: string;
  /** Real path of the file `require()` loads. */
  entry: string;
}

/**
 * The copy of `@opentelemetry/api` that `from` (a file or folder) resolves
 * under `specifier` (its own name, or an npm alias), if any.
 */
export function resolveApiCopy(from: string, specifier = '@opentelemetry/api'): ApiCopy | undefined {
  try {
    const base = path.extname(from) ? from : path.join(from, 'noop.js');
    const entry = realpathSync(createRequire(base).resolve(specifier));
    let dir = path.dirname(entry);
    for (;;) {
      try {
        const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (json.name === '@opentelemetry/api' && json.version) return { version: json.version, dir, entry };
      } catch {
        // no package.json here: keep walking up
      }
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}

/** The version of `@opentelemetry/api` that registered the globals first, if any did. */
function registeredApiVersion(): string | undefined {
  const slot = (globalThis as Record<symbol, { version?: string } | undefined>)[GLOBAL_KEY];
  return slot?.version;
}

/** What `initTracing()` asked the global API for, and what it answered. */
export interface RegistrationOutcome {
  /** `trace.setGlobalTracerProvider()`'s answer. */
  tracerProviderRegistered: boolean;
  /** `context.setGlobalContextManager()`'s answer. */
  contextManagerRegistered: boolean;
  /** This package's copy of the API. */
  ours: ApiCopy | undefined;
  /** True when this process called `initTracing()` before, without `shutdown()`. */
  initializedBefore: boolean;
}

const HOW_TO_FIX_VERSIONS =
  'Fix: keep exactly one copy of @opentelemetry/api. Install livespan from its tarballs or the registry ' +
  '(where @opentelemetry/api is a peer dependency), not from a linked checkout, and run `npm ls @opentelemetry/api` ' +
  'in your app: every entry should be "deduped" to one version (npm install @opentelemetry/api@<that version>).';

/** Explains a failed registration; undefined when both globals registered. */
export function explainRegistrationFailure(outcome: RegistrationOutcome): string | undefined {
  if (outcome.tracerProviderRegistered && outcome.contextManagerRegistered) return undefined;
  const failed = [
    !outcome.tracerProviderRegistered && 'tracer provider',
    !outcome.contextManagerRegistered && 'context manager',
  ]
    .filter(Boolean)
    .join(' and ');
  const registered = registeredApiVersion();
  const ours = outcome.ours;
  if (registered && ours && registered !== ours.version) {
    return (
      `livespan: tracing is OFF: initTracing() could not register its ${failed}. ` +
      `@opentelemetry/api ${registered} was registered first by another copy, and livespan's copy is ` +
      `@opentelemetry/api ${ours.version} (${ours.dir}); OpenTelemetry accepts only one version per process, ` +
      `so every span is a no-op.\n${HOW_TO_FIX_VERSIONS}`
    );
  }
  if (outcome.initializedBefore) {
    return (
      `livespan: initTracing() was called a second time: its ${failed} did not register, and the first ` +
      'call keeps tracing. Call initTracing() once per process, or `await handle.shutdown()` on the first ' +
      'handle before calling it again.'
    );
  }
  return (
    `livespan: tracing is OFF: initTracing() could not register its ${failed}, because another ` +
    'OpenTelemetry setup (an SDK, Genkit, or an instrumentation loader) registered one first. ' +
    'Call initTracing() before anything else sets up OpenTelemetry, or add livespan to that setup: ' +
    'new RealtimeSpanProcessor(new TelemetryServerSpanExporter(...)) as one of its span processors.'
  );
}

/**
 * Finds a copy of `@opentelemetry/api` that the app resolves (from each of
 * `appDirs`) and that cannot see the tracer provider registered through ours:
 * a different version whose spans would all be no-ops. Returns the message
 * to print, or undefined when the app's copies see our provider.
 */
export function explainInvisibleProvider(
  registeredProvider: ReturnType<typeof traceApi.getTracerProvider>,
  ours: ApiCopy | undefined,
  appDirs: readonly string[],
): string | undefined {
  for (const dir of appDirs) {
    const copy = resolveApiCopy(dir);
    if (!copy || (ours && copy.dir === ours.dir)) continue;
    let seen: unknown;
    try {
      const appApi = createRequire(copy.entry)(copy.entry) as typeof import('@opentelemetry/api');
      seen = appApi.trace.getTracerProvider();
    } catch {
      continue;
    }
    if (seen === registeredProvider) continue;
    return (
      `livespan: tracing is OFF for your app's spans: your app uses @opentelemetry/api ${copy.version} ` +
      `(${copy.dir}), but livespan registered its tracer provider with @opentelemetry/api ` +
      `${ours?.version ?? registeredApiVersion() ?? 'of another version'}${ours ? ` (${ours.dir})` : ''}. ` +
      `Your copy cannot see it, so every span your app starts is a no-op (isRecording() is false).\n${HOW_TO_FIX_VERSIONS}`
    );
  }
  return undefined;
}
