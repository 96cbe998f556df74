/**
 * Follows one trace's SSE stream and notes, per span name, when each new
 * `progress.seq` first showed up in a `span_update` or `span_end`: the moment
 * the Dev UI could show that change.
 */
export interface ProgressArrivals {
  /** Per span name: [seq, arrival ms] in arrival order, each seq higher than the one before. */
  seen: Map<string, Array<[number, number]>>;
  close(): void;
}

export async function watchProgress(url: string): Promise<ProgressArrivals> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status}`);
  const seen = new Map<string, Array<[number, number]>>();
  const note = (frame: string, arrived: number) => {
    const data = frame
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (!data) return;
    const event = JSON.parse(data) as {
      type?: string;
      span?: { displayName?: string; attributes?: Record<string, unknown> };
    };
    if (event.type !== 'span_update' && event.type !== 'span_end') return;
    const name = event.span?.displayName;
    const seq = event.span?.attributes?.['progress.seq'];
    if (!name || typeof seq !== 'number') return;
    const arrivals = seen.get(name) ?? [];
    if (arrivals.length === 0 || arrivals[arrivals.length - 1]![0] < seq) arrivals.push([seq, arrived]);
    seen.set(name, arrivals);
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
  return { seen, close: () => controller.abort() };
}

/**
 * The delay of each change: from the time it was made until the first
 * snapshot showing it (or a later change) arrived; `Infinity` when none did.
 */
export function changeDelays(changes: Record<string, number[]>, seen: ProgressArrivals['seen']): number[] {
  const delays: number[] = [];
  for (const [name, times] of Object.entries(changes)) {
    const arrivals = seen.get(name) ?? [];
    let next = 0;
    for (const [index, changedAt] of times.entries()) {
      const seq = index + 1;
      while (next < arrivals.length && arrivals[next]![0] < seq) next++;
      delays.push(next < arrivals.length ? arrivals[next]![1] - changedAt : Number.POSITIVE_INFINITY);
    }
  }
  return delays;
}
