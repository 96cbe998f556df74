import { HttpError } from './http-error.js';

/**
 * Ingest routes live at the root and again under `/apps/:appId`: `livespan
 * start` points each launch of the app there, so the server knows which
 * traces a launch sent (Genkit and OTLP exporters only take a base URL).
 */
export const INGEST_PREFIXES = ['', '/apps/:appId'] as const;

const APP_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The `:appId` of an ingest route, if any; 400 when it is not one. */
export function parseAppId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!APP_ID.test(value)) {
    throw new HttpError(
      400,
      `app id must be 1-64 of A-Z a-z 0-9 . _ -, got ${JSON.stringify(value.slice(0, 80))}`,
      'appId',
    );
  }
  return value;
}
