import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defaultFromSchema } from './schema-defaults';

/** A flow input schema as the app's reflection API renders it. */
function inputSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
}

describe('defaultFromSchema', () => {
  it('uses the defaults of a flow input, as the demo declares them', () => {
    const schema = inputSchema(z.object({ topic: z.string().min(1).default('realtime tracing') }));
    expect(defaultFromSchema(schema)).toEqual({ topic: 'realtime tracing' });
  });

  it('fills required fields without a default with type placeholders', () => {
    const schema = inputSchema(
      z.object({
        name: z.string(),
        count: z.number(),
        whole: z.int(),
        on: z.boolean(),
        tags: z.array(z.string()),
        meta: z.object({}),
        nothing: z.null(),
      }),
    );
    expect(defaultFromSchema(schema)).toEqual({
      name: '',
      count: 0,
      whole: 0,
      on: false,
      tags: [],
      meta: {},
      nothing: null,
    });
  });

  it('builds nested objects recursively, keeping inner defaults', () => {
    const schema = inputSchema(
      z.object({ options: z.object({ depth: z.number().default(3), label: z.string() }) }),
    );
    expect(defaultFromSchema(schema)).toEqual({ options: { depth: 3, label: '' } });
  });

  it('leaves out optional fields unless something inside them has a default', () => {
    const schema = inputSchema(
      z.object({
        keep: z.string(),
        skip: z.string().min(3).optional(),
        withDefault: z.object({ retries: z.number().default(2) }).optional(),
      }),
    );
    expect(defaultFromSchema(schema)).toEqual({ keep: '', withDefault: { retries: 2 } });
  });

  it('takes the first enum value, the const, and respects numeric bounds', () => {
    expect(defaultFromSchema({ type: 'string', enum: ['fast', 'slow'] })).toBe('fast');
    expect(defaultFromSchema({ const: 'fixed' })).toBe('fixed');
    expect(defaultFromSchema({ type: 'integer', minimum: 1, maximum: 20 })).toBe(1);
    expect(defaultFromSchema({ type: 'number', maximum: -5 })).toBe(-5);
    expect(defaultFromSchema({ type: 'integer', exclusiveMinimum: 0 })).toBe(1);
  });

  it('prefers the non-null branch of nullable types and unions', () => {
    expect(defaultFromSchema({ type: ['null', 'string'] })).toBe('');
    expect(defaultFromSchema({ anyOf: [{ type: 'null' }, { type: 'number' }] })).toBe(0);
    expect(defaultFromSchema(inputSchema(z.union([z.string(), z.number()])))).toBe('');
  });

  it('fills arrays up to minItems', () => {
    expect(
      defaultFromSchema({ type: 'array', minItems: 2, items: { type: 'string', default: 'x' } }),
    ).toEqual(['x', 'x']);
  });

  it('merges allOf parts and follows local $refs', () => {
    const schema = {
      definitions: { Point: { type: 'object', properties: { x: { type: 'number' } }, required: ['x'] } },
      allOf: [
        { $ref: '#/definitions/Point' },
        { type: 'object', properties: { label: { type: 'string', default: 'p' } } },
      ],
    };
    expect(defaultFromSchema(schema)).toEqual({ x: 0, label: 'p' });
  });

  it('stops at recursive $refs instead of looping', () => {
    const schema = {
      type: 'object',
      properties: { child: { $ref: '#' } },
      required: ['child'],
    };
    const value = defaultFromSchema(schema);
    let depth = 0;
    let node: unknown = value;
    while (typeof node === 'object' && node !== null && 'child' in node) {
      node = (node as { child: unknown }).child;
      depth++;
    }
    expect(depth).toBeGreaterThan(1);
    expect(depth).toBeLessThan(20);
  });

  it('gives no input without a schema, and null for "any"', () => {
    expect(defaultFromSchema(undefined)).toBeUndefined();
    expect(defaultFromSchema({})).toBeNull();
    expect(defaultFromSchema(true)).toBeNull();
  });

  it('returns a copy of defaults, never the schema object itself', () => {
    const schema = { type: 'object', default: { list: [1] } };
    const value = defaultFromSchema(schema) as { list: number[] };
    value.list.push(2);
    expect(schema.default.list).toEqual([1]);
  });
});
