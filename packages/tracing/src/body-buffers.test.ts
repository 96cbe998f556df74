import { describe, expect, it } from 'vitest';
import { BodyBuffers } from './body-buffers.js';

describe('BodyBuffers', () => {
  it('writes the UTF-8 of the pieces one after the other', () => {
    const body = new BodyBuffers().write(['[', '{"name":"café ☕"}', ',', '{}', ']']);
    expect(body.toString('utf8')).toBe('[{"name":"café ☕"},{}]');
    expect(body.length).toBe(Buffer.byteLength('[{"name":"café ☕"},{}]'));
  });

  it('writes the next body into the memory of a released one', () => {
    const bodies = new BodyBuffers();
    const first = bodies.write(['{"a":1}']);
    bodies.release(first);
    const second = bodies.write(['{"b":2}']);
    expect(second.buffer).toBe(first.buffer);
    expect(second.toString()).toBe('{"b":2}');
  });

  it('never hands out the memory of a body not released yet', () => {
    const bodies = new BodyBuffers();
    const first = bodies.write(['{"a":1}']);
    const second = bodies.write(['{"b":2}']);
    expect(second.buffer).not.toBe(first.buffer);
    expect(first.toString()).toBe('{"a":1}');
  });

  it('takes new memory for a body larger than the released buffers', () => {
    const bodies = new BodyBuffers();
    const small = bodies.write(['x']);
    bodies.release(small);
    const large = bodies.write(['y'.repeat(100_000)]);
    expect(large.length).toBe(100_000);
    expect(large.buffer).not.toBe(small.buffer);
  });
});
