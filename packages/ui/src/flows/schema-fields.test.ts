import { describe, expect, it } from 'vitest';
import { schemaFields } from './schema-fields';

describe('schemaFields', () => {
  it('lists fields with type, bounds, requiredness and default', () => {
    const schema = {
      type: 'object',
      properties: {
        seconds: { type: 'integer', minimum: 1, maximum: 300, default: 10, description: 'How long' },
        id: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        mode: { type: 'string', enum: ['a', 'b'] },
        tags: { type: 'array', items: { type: 'string' } },
        maybe: { type: ['string', 'null'] },
        topic: { type: 'string', minLength: 1, default: 'x' },
        when: { type: 'string', format: 'date-time', maxLength: 40 },
      },
      required: ['mode'],
    };
    expect(schemaFields(schema)).toEqual([
      {
        name: 'seconds',
        type: 'integer ≥ 1, ≤ 300',
        required: false,
        description: 'How long',
        defaultText: '10',
      },
      { name: 'id', type: 'integer ≥ 0', required: false },
      { name: 'mode', type: '"a" | "b"', required: true },
      { name: 'tags', type: 'string[]', required: false },
      { name: 'maybe', type: 'string | null', required: false },
      { name: 'topic', type: 'string, length ≥ 1', required: false, defaultText: '"x"' },
      { name: 'when', type: 'string, date-time, length ≤ 40', required: false },
    ]);
  });

  it('has no fields for non-object schemas', () => {
    expect(schemaFields({ type: 'string' })).toEqual([]);
    expect(schemaFields(undefined)).toEqual([]);
  });
});
