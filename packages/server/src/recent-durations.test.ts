import { describe, expect, it } from 'vitest';
import { RecentDurations } from './recent-durations.js';
import { durationSample, spanPath } from './span-durations.js';
import { makeSpan, spanId } from './test-support/factories.js';

describe('RecentDurations', () => {
  it('loads a path once, keeps its last 50 runs and hands each change back once for writing', () => {
    const loads: string[][] = [];
    const recent = new RecentDurations((paths) => {
      loads.push([...paths]);
      return new Map([['/a', [10, 20]]]);
    });
    expect(recent.usual(['/a'])).toEqual(new Map());
    recent.add([{ path: '/a', durationMs: 30 }]);
    expect(recent.usual(['/a', '/b']).get('/a')).toEqual({ usualDurationMs: 20, usualP95Ms: 30 });
    expect(loads).toEqual([['/a'], ['/b']]);
    expect(recent.takeChanged()).toEqual([['/a', [10, 20, 30]]]);
    expect(recent.takeChanged()).toEqual([]);
    recent.add(Array.from({ length: 60 }, (_, i) => ({ path: '/a', durationMs: 100 + i })));
    const [[, kept]] = recent.takeChanged() as [[string, number[]]];
    expect(kept).toHaveLength(50);
    expect(kept[0]).toBe(110);
  });

  it('holds at most its bound of paths, never dropping unwritten changes or the paths asked for', () => {
    let loaded = 0;
    const recent = new RecentDurations((paths) => {
      loaded += paths.length;
      return new Map(paths.map((path) => [path, [1, 2, 3]]));
    }, 2);
    recent.add([{ path: '/changed', durationMs: 4 }]);
    expect(recent.usual(['/x', '/y', '/z']).size).toBe(3);
    expect(recent.takeChanged()).toEqual([['/changed', [1, 2, 3, 4]]]);
    recent.usual(['/changed']);
    expect(loaded).toBe(4);
    recent.usual(['/p', '/q']);
    recent.usual(['/x']);
    expect(loaded).toBe(7);
  });
});

describe('span paths and duration samples', () => {
  it("uses Genkit's path, else the root's name and the span's", () => {
    const child = makeSpan({ spanId: spanId(2), parentSpanId: spanId(1), displayName: 'fetch' });
    expect(spanPath(makeSpan({ attributes: { 'genkit:path': '/{f,t:flow}' } }), undefined)).toBe(
      '/{f,t:flow}',
    );
    expect(spanPath(makeSpan({ displayName: 'job' }), undefined)).toBe('/job');
    expect(spanPath(child, 'job')).toBe('/job/…/fetch');
    expect(spanPath(child, undefined)).toBeUndefined();
    expect(spanPath(makeSpan({ displayName: 'x'.repeat(5_000) }), undefined)).toBeUndefined();
  });

  it('samples a span that just completed without an error, once', () => {
    const done = makeSpan({ startTime: 1_000, endTime: 1_250 });
    expect(durationSample(true, done, undefined)).toEqual({ path: '/root', durationMs: 250 });
    expect(durationSample(false, done, undefined)).toBeUndefined();
    expect(durationSample(true, { ...done, status: { code: 2 } }, undefined)).toBeUndefined();
    expect(durationSample(true, { ...done, endTime: 0 }, undefined)).toBeUndefined();
  });
});
