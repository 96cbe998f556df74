import { createHash } from 'node:crypto';
import type { Attributes, AttributeValue } from '@livespan/tracing/wire';
import { sanitizeAttributes } from './sanitize-span.js';

/** An OpenTelemetry resource as stored: once per distinct content, under the hash of it. */
export interface Resource {
  /** 32 hex digits: SHA-256 of the attributes' canonical JSON (keys sorted), cut. */
  resourceId: string;
  attributes: Attributes;
}

/** Resource ids are the only ids `GET /api/resources/:resourceId` accepts. */
export const RESOURCE_ID_PATTERN = /^[0-9a-f]{32}$/;

/**
 * The resource with these attributes, secrets redacted and long strings cut
 * as in spans (sanitize-span.ts); equal attributes (in any key order) give
 * the same id, so the many requests of one process store it once. Pure.
 */
export function toResource(sent: Attributes): Resource {
  const attributes = sanitizeAttributes(sent);
  const resourceId = createHash('sha256').update(canonicalJson(attributes)).digest('hex').slice(0, 32);
  return { resourceId, attributes };
}

function canonicalJson(value: AttributeValue | Attributes): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`).join(',')}}`;
}
