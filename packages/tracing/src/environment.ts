/** Default telemetry server, as in Genkit. */
export const DEFAULT_TELEMETRY_SERVER = 'http://localhost:4000';

/** `true` when `GENKIT_ENABLE_REALTIME_TELEMETRY` is `true` (any case). */
export function isRealtimeTelemetryEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GENKIT_ENABLE_REALTIME_TELEMETRY?.trim().toLowerCase() === 'true';
}

/** `true` when `GENKIT_ENV` is `dev`, as under `livespan start` or `genkit start`. */
export function isDevEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GENKIT_ENV === 'dev';
}

/** The telemetry server named by `GENKIT_TELEMETRY_SERVER`, or the default. */
export function telemetryServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.GENKIT_TELEMETRY_SERVER?.trim() || DEFAULT_TELEMETRY_SERVER;
}
