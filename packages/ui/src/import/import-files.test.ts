import { describe, expect, it } from 'vitest';
import { describeImport } from './import-files';

describe('describeImport', () => {
  it('counts traces and spans', () => {
    expect(describeImport([{ spanCount: 42 }])).toBe('imported 1 trace (42 spans)');
    expect(describeImport([{ spanCount: 1 }, { spanCount: 0 }])).toBe('imported 2 traces (1 span)');
  });
});
