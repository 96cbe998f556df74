/** Default telemetry server, as in Genkit. */
const DEFAULT_TELEMETRY_SERVER = 'http://localhost:4000';

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

/** Environment variables whose values are secrets (e.g. `GEMINI_API_KEY`). */
const SECRET_ENV =
  /(API_KEY|APIKEY|SECRET|SECRET_ACCESS_KEY|TOKEN|PASSWORD|PASSPHRASE|JWT|CREDENTIALS?|PRIVATE_KEY)$/i;

/** Values of secret-named environment variables, long enough not to match by chance. */
export function secretValuesFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string);
}
