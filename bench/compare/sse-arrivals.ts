/**
 * Subscribes to a server's per-trace SSE stream and notes, for each span
 * name, when its first `span_start` (and its first event of any kind)
 * arrived. Works with livespan's frames (`event:` + `data:`) and Genkit's
 * (`data:` only, the type inside).
 */
export interface Arrivals {
  /** First span_start per span name, ms since the epoch. */
  starts: Map<string, number>;
  /** First span_start or span_end per span name. */
  firstSeen: Map<string, number>;
  close(): void;
}

export async function watchArrivals(url: string): Promise<Arrivals> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status}`);
  const starts = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  const note = (frame: string, arrived: number) => {
    const data = frame
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (!data) return;
    const event = JSON.parse(data) as { type?: string; span?: { displayName?: string } };
    const name = event.span?.displayName;
    if (!name || (event.type !== 'span_start' && event.type !== 'span_end')) return;
    if (event.type === 'span_start' && !starts.has(name)) starts.set(name, arrived);
    if (!firstSeen.has(name)) firstSeen.set(name, arrived);
  };
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        const arrived = Date.now();
        buffer += decoder.decode(chunk, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          note(buffer.slice(0, boundary), arrived);
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // closed by us
    }
  })();
  return { starts, firstSeen, close: () => controller.abort() };
}
