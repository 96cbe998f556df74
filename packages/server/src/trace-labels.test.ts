import { describe, expect, it } from 'vitest';
import { makeSpan } from './test-support/factories.js';
import { routeOf, serviceNameOf } from './trace-labels.js';

describe('routeOf', () => {
  it('prefers http.route, then url.path, then the path of http.target, http.url or url.full', () => {
    expect(routeOf({ 'http.route': '/users/:id', 'url.path': '/users/7' })).toBe('/users/:id');
    expect(routeOf({ 'url.path': '/users/7', 'http.target': '/x' })).toBe('/users/7');
    expect(routeOf({ 'http.target': '/users/7?tab=1#top' })).toBe('/users/7');
    expect(routeOf({ 'http.url': 'http://api.example:8080/v1/items?q=a' })).toBe('/v1/items');
    expect(routeOf({ 'http.url': 'not a url', 'url.full': 'https://example.com/full' })).toBe('/full');
  });

  it('is undefined without any of them, or when they are not text', () => {
    expect(routeOf({})).toBeUndefined();
    expect(routeOf({ 'http.route': 42, 'http.url': 'relative/path' })).toBeUndefined();
    expect(routeOf({ 'http.route': '' })).toBeUndefined();
  });
});

describe('serviceNameOf', () => {
  const span = makeSpan({ resourceId: 'r1' });
  const named = (name: unknown) => serviceNameOf(span, new Map([['r1', { 'service.name': name as string }]]));

  it("is the resource's service.name", () => {
    expect(named('checkout')).toBe('checkout');
  });

  it("is undefined for the SDK's default name, which names nothing", () => {
    expect(named('unknown_service:/usr/bin/node')).toBeUndefined();
    expect(named('unknown_service')).toBeUndefined();
    expect(named('')).toBeUndefined();
  });
});
