import { within } from './wait-for.js';

/** One Server-Sent Event frame: `event` is `message` when the frame names none (as Genkit's server sends). */
export interface SseEvent {
  event: string;
  id?: string;
  data: unknown;
}

/**
 * Reads an SSE stream into a list of parsed events, and lets a test await the
 * first event (seen or still to come) that matches a predicate.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  private readonly controller = new AbortController();
  private readonly listeners = new Set<() => void>();
  private ended: Error | undefined;

  private constructor(readonly url: string) {}

  /** Connects; resolves once the response headers arrived (the server has subscribed us). */
  static async open(url: string): Promise<SseClient> {
    const client = new SseClient(url);
    const response = await fetch(url, {
      headers: { accept: 'text/event-stream' },
      signal: client.controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`GET ${url} answered ${response.status}`);
    void client.read(response.body);
    return client;
  }

  /** The first event satisfying `match`, waiting at most `timeoutMs` for it. */
  next(what: string, match: (event: SseEvent) => boolean, timeoutMs = 15_000): Promise<SseEvent> {
    const found = () => this.events.find(match);
    return within(
      `${what} on ${this.url}`,
      new Promise<SseEvent>((resolve, reject) => {
        const check = () => {
          const event = found();
          if (event) {
            this.listeners.delete(check);
            resolve(event);
          } else if (this.ended) {
            this.listeners.delete(check);
            reject(this.ended);
          }
        };
        this.listeners.add(check);
        check();
      }),
      timeoutMs,
    );
  }

  close(): void {
    this.controller.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary = buffer.indexOf('\n\n');
        while (boundary >= 0) {
          this.parseFrame(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
          boundary = buffer.indexOf('\n\n');
        }
        for (const listener of [...this.listeners]) listener();
      }
      this.ended = new Error(`${this.url} ended`);
    } catch (error) {
      this.ended = error as Error;
    }
    for (const listener of [...this.listeners]) listener();
  }

  private parseFrame(frame: string): void {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    this.events.push({ event, ...(id !== undefined && { id }), data: JSON.parse(data.join('\n')) });
  }
}
