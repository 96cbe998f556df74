import { describe, expect, it } from 'vitest';
import { clampTreeWidth, indentFor, TREE_WIDTH } from './tree-layout';

describe('tree layout', () => {
  it('indents the first levels fully and deeper ones narrowly', () => {
    expect(indentFor(0)).toBe(0);
    expect(indentFor(8)).toBe(112);
    expect(indentFor(20)).toBe(112 + 12 * 4);
  });

  it('keeps a stored width whole and within limits, the default when unreadable', () => {
    expect(clampTreeWidth('400.4')).toBe(400);
    expect(clampTreeWidth(10)).toBe(TREE_WIDTH.min);
    expect(clampTreeWidth(5000)).toBe(TREE_WIDTH.max);
    expect(clampTreeWidth('wide')).toBe(TREE_WIDTH.default);
  });
});
