import { describe, expect, it } from 'vitest';
import { comparePath, matchRoute, spanPath, tracePath } from './navigation';

describe('matchRoute', () => {
  it('maps the landing page, the flows tab and trace views', () => {
    expect(matchRoute('/')).toEqual({ page: 'traces' });
    expect(matchRoute('/traces/')).toEqual({ page: 'traces' });
    expect(matchRoute('/flows')).toEqual({ page: 'flows' });
    expect(matchRoute('/traces/abc123')).toEqual({ page: 'trace', traceId: 'abc123' });
    expect(matchRoute('/nope/x')).toEqual({ page: 'not-found' });
  });

  it('round-trips ids through tracePath', () => {
    const id = 'a b/c%';
    expect(matchRoute(tracePath(id))).toEqual({ page: 'trace', traceId: id });
  });

  it('treats a malformed escape as not found instead of throwing', () => {
    expect(matchRoute('/traces/%E0%A4%A')).toEqual({ page: 'not-found' });
  });

  it('maps /compare with both trace ids from the query', () => {
    const path = comparePath('aa11', 'bb22');
    const [pathname, query] = path.split('?');
    expect(matchRoute(pathname ?? '', `?${query}`)).toEqual({ page: 'compare', a: 'aa11', b: 'bb22' });
    expect(matchRoute('/compare', '?a=aa11')).toEqual({ page: 'compare', a: 'aa11', b: '' });
  });

  it('links a span inside its trace with ?span=', () => {
    expect(spanPath('aa11', 'b7ad6b7169203331')).toBe('/traces/aa11?span=b7ad6b7169203331');
  });
});
