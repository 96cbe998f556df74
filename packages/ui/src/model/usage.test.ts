import { describe, expect, it } from 'vitest';
import { costLabel, formatCost, formatTokens, tokensLabel } from './usage';

describe('usage labels', () => {
  it('shortens token counts and costs for tight columns', () => {
    expect([formatTokens(842), formatTokens(12_400), formatTokens(3_100_000)]).toEqual([
      '842',
      '12k',
      '3.1M',
    ]);
    expect([formatCost(0.004213), formatCost(1.234), formatCost(0.00001), formatCost(0)]).toEqual([
      '$0.0042',
      '$1.23',
      '<$0.0001',
      '$0',
    ]);
  });

  it('shows tokens and cost, marks a partial cost and names the models without a price', () => {
    expect(tokensLabel({ inputTokens: 1_200, outputTokens: 340 })).toBe('1.2k in · 340 out');
    expect(costLabel({ inputTokens: 1, outputTokens: 1, costUsd: 0.0042 })).toEqual({ text: '$0.0042' });
    expect(
      costLabel({
        inputTokens: 1,
        outputTokens: 1,
        costUsd: 0.0042,
        costPartial: true,
        unpricedModels: ['x'],
      }),
    ).toEqual({ text: '$0.0042+', note: 'cost unknown for model x' });
    expect(costLabel({ inputTokens: 1, outputTokens: 1, unpricedModels: ['my-llm'] })).toEqual({
      text: 'cost unknown',
      note: 'cost unknown for model my-llm',
    });
    expect(costLabel({})).toBeUndefined();
  });
});
