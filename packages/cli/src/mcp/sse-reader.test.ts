import { describe, expect, it } from 'vitest';
import { readSseFrames, type SseFrame } from './sse-reader.js';

async function framesOf(...chunks: string[]): Promise<SseFrame[]> {
  const encoder = new TextEncoder();
  async function* body() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const frames: SseFrame[] = [];
  for await (const frame of readSseFrames(body())) frames.push(frame);
  return frames;
}

describe('readSseFrames', () => {
  it('reads named events with ids and JSON data, as the livespan server writes them', async () => {
    expect(
      await framesOf(
        'id: 1\nevent: snapshot\ndata: {"trace":null}\n\nid: 2\nevent: span_start\ndata: {}\n\n',
      ),
    ).toEqual([
      { id: '1', event: 'snapshot', data: '{"trace":null}' },
      { id: '2', event: 'span_start', data: '{}' },
    ]);
  });

  it('joins multi-line data with newlines and keeps a frame split across chunks whole', async () => {
    expect(await framesOf('event: x\nda', 'ta: a\ndata:b\n', '\n')).toEqual([{ event: 'x', data: 'a\nb' }]);
  });

  it('skips keep-alive comments and names an unnamed frame "message"', async () => {
    expect(await framesOf(': keep-alive\n\ndata: 1\n\n')).toEqual([{ event: 'message', data: '1' }]);
  });

  it('accepts CRLF and CR line endings, even with CRLF split between chunks', async () => {
    expect(await framesOf('event: a\r', '\ndata: 1\r\n\r\nevent: b\rdata: 2\r\r')).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('drops an unfinished last frame when the stream ends', async () => {
    expect(await framesOf('data: 1\n\ndata: 2\n')).toEqual([{ event: 'message', data: '1' }]);
  });

  it('decodes multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('data: é✓\n\n');
    async function* body() {
      yield bytes.slice(0, 7);
      yield bytes.slice(7);
    }
    const frames: SseFrame[] = [];
    for await (const frame of readSseFrames(body())) frames.push(frame);
    expect(frames).toEqual([{ event: 'message', data: 'é✓' }]);
  });
});
