import type { Attributes, SpanData } from '@livespan/tracing/wire';

/**
 * `service.name` of a span's resource, when the app named itself: the SDK's
 * default, `unknown_service` or `unknown_service:<executable>`, names nothing
 * and would only repeat "node" on every row.
 */
export function serviceNameOf(
  span: SpanData,
  resources: ReadonlyMap<string, Attributes> | undefined,
): string | undefined {
  if (span.resourceId === undefined) return undefined;
  const name = resources?.get(span.resourceId)?.['service.name'];
  return typeof name === 'string' && name !== '' && !/^unknown_service(:|$)/.test(name) ? name : undefined;
}

/**
 * What a root span served, so that three roots named "GET" can be told apart:
 * `http.route`, else `url.path`, else the path part of `http.target`,
 * `http.url` or `url.full` (old and new OpenTelemetry HTTP conventions). Pure.
 */
export function routeOf(attributes: Attributes): string | undefined {
  const route = text(attributes['http.route']) ?? text(attributes['url.path']);
  if (route !== undefined) return route;
  const target = text(attributes['http.target']);
  if (target !== undefined) return target.split(/[?#]/)[0] || undefined;
  for (const key of ['http.url', 'url.full']) {
    const url = text(attributes[key]);
    if (url === undefined) continue;
    try {
      return new URL(url).pathname;
    } catch {
      // not an absolute URL: try the next attribute
    }
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
