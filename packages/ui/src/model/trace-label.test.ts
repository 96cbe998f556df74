import { describe, expect, it } from 'vitest';
import { routeBesideName } from './trace-label';

describe('routeBesideName', () => {
  it('shows the route beside a bare HTTP method', () => {
    expect(routeBesideName({ displayName: 'GET', route: '/users/:id' })).toBe('/users/:id');
    expect(routeBesideName({ displayName: 'post', route: '/orders' })).toBe('/orders');
  });

  it('shows a route the name does not already contain', () => {
    expect(routeBesideName({ displayName: 'handleOrder', route: '/orders' })).toBe('/orders');
    expect(routeBesideName({ displayName: 'GET /orders', route: '/orders' })).toBeUndefined();
    expect(routeBesideName({ displayName: 'GET' })).toBeUndefined();
  });
});
