import { describe, expect, it } from 'vitest';
import { makeSpan } from '../test-support/make-span';
import { FOLD_MIN_SIBLINGS, foldLabel, siblingFolds } from './sibling-folds';

function run(name: string, durations: number[]) {
  return durations.map((ms, i) =>
    makeSpan({ displayName: name, startTime: 1000 + i * 5000, endTime: 1000 + i * 5000 + ms }),
  );
}

describe('siblingFolds', () => {
  it('folds a run of at least five same-named siblings, not a shorter one', () => {
    const short = run('a', [1, 2, 3, 4]);
    const long = run('fetch', [12, 40, 2100, 35, 50]);
    const folds = siblingFolds('p', [...short, ...long, ...run('b', [1])]);
    expect(FOLD_MIN_SIBLINGS).toBe(5);
    expect(folds).toHaveLength(1);
    expect(folds[0]?.spans).toEqual(long);
    expect(folds[0]?.key).toBe(`p>${long[0]?.spanId}`);
  });

  it('splits runs broken by another name', () => {
    const spans = [...run('x', [1, 1, 1]), ...run('y', [1]), ...run('x', [1, 1, 1])];
    expect(siblingFolds('p', spans)).toEqual([]);
  });

  it('labels a fold with count, shortest–longest and median, and counts open siblings apart', () => {
    const spans = run('fetch', [12, 40, 2100, 35, 50, 44]);
    spans.push(makeSpan({ displayName: 'fetch', startTime: 99_000, endTime: 0 }));
    const [fold] = siblingFolds('p', spans);
    expect(fold && foldLabel(fold)).toBe('fetch ×7, 12 ms–2.1 s, median 42 ms, 1 open');
  });

  it('never folds placeholders', () => {
    const spans = Array.from({ length: 6 }, () => makeSpan({ displayName: '', placeholder: true }));
    expect(siblingFolds('', spans)).toEqual([]);
  });
});
