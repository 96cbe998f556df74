import { describe, expect, it } from 'vitest';
import { HISTORY_SIZE, withInput } from './flow-history';

describe('withInput', () => {
  it('puts the newest input first and moves a repeated one to the front', () => {
    expect(withInput([], 'a')).toEqual(['a']);
    expect(withInput(['b', 'a'], 'c')).toEqual(['c', 'b', 'a']);
    expect(withInput(['b', 'a', 'c'], 'a')).toEqual(['a', 'b', 'c']);
  });

  it(`keeps the last ${HISTORY_SIZE}`, () => {
    let history: string[] = [];
    for (let i = 0; i < HISTORY_SIZE + 5; i++) history = withInput(history, `input ${i}`);
    expect(history).toHaveLength(HISTORY_SIZE);
    expect(history[0]).toBe(`input ${HISTORY_SIZE + 4}`);
    expect(history.at(-1)).toBe('input 5');
  });
});
