/** One Server-Sent Events frame as the livespan server writes it. */
export interface SseFrame {
  /** The `id:` line, when the frame has one. */
  id?: string;
  /** The `event:` name; `message` when the frame names none (as the spec says). */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/**
 * Parses an SSE byte stream into frames, to spec: lines end with `\n`, `\r\n`
 * or `\r`; a blank line ends a frame; `:` lines are comments (keep-alives);
 * several `data:` lines join with `\n`; one space after the colon is dropped.
 * Frames without data (a lone comment) are skipped, as `EventSource` does.
 */
export async function* readSseFrames(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseFrame> {
  const decoder = new TextDecoder();
  let buffer = '';
  let frame: { id?: string; event?: string; data: string[] } = { data: [] };
  let done = false;
  const chunks = body[Symbol.asyncIterator]();
  while (!done) {
    const next = await chunks.next();
    done = next.done === true;
    buffer += done ? decoder.decode() : decoder.decode(next.value, { stream: true });
    for (;;) {
      const end = buffer.search(/\r\n|\r|\n/);
      // A `\r` last in a chunk may be the first half of `\r\n`: wait for the next chunk.
      if (end === -1 || (!done && buffer[end] === '\r' && end === buffer.length - 1)) break;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (frame.data.length > 0) {
          yield {
            ...(frame.id !== undefined && { id: frame.id }),
            event: frame.event ?? 'message',
            data: frame.data.join('\n'),
          };
        }
        frame = { data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') frame.data.push(value);
      else if (field === 'event') frame.event = value;
      else if (field === 'id') frame.id = value;
    }
  }
}
