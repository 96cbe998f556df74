import { describe, expect, it } from 'vitest';
import { makeSpan } from '../test-support/make-span';
import { runAgainInput } from './run-again';

describe('runAgainInput', () => {
  it("reads a flow run's name and input from its root span, pretty-printed for the editor", () => {
    const root = makeSpan({
      displayName: 'multi_step_flow',
      attributes: {
        'genkit:metadata:subtype': 'flow',
        'genkit:name': 'multi_step_flow',
        'genkit:input': '{"topic":"octopuses"}',
      },
    });
    expect(runAgainInput(root)).toEqual({ flow: 'multi_step_flow', input: '{\n  "topic": "octopuses"\n}' });
  });

  it('offers nothing for a root that is not a flow, and an empty input when none was recorded', () => {
    expect(runAgainInput(makeSpan({ attributes: { 'genkit:type': 'action' } }))).toBeUndefined();
    expect(runAgainInput(undefined)).toBeUndefined();
    const bare = makeSpan({ displayName: 'f', attributes: { 'genkit:metadata:subtype': 'flow' } });
    expect(runAgainInput(bare)).toEqual({ flow: 'f', input: '{}' });
  });
});
