/**
 * Live subscribers for the soak: one list stream and one stream per long
 * trace, like a Dev UI with its list and three trace tabs open. Measures
 * delivery latency per event: for span events from the `bench.sentAt` the
 * load generator put in the span (send time → received here), for list
 * events from the trace's `lastSeen` (server ingest time → received here).
 */
export class SseLatency {
  private trace: number[] = [];
  private list: number[] = [];
  private readonly controllers: AbortController[] = [];
  private readonly opened: Array<Promise<void>> = [];
  private closing = false;
  /** Streams that ended while the soak ran (the hub cuts off clients that fall behind). */
  disconnects = 0;

  constructor(url: string, traceIds: string[]) {
    this.open(`${url}/api/stream`, (data) => {
      const lastSeen = (data as { trace?: { lastSeen?: number } }).trace?.lastSeen;
      if (typeof lastSeen === 'number') this.list.push(Date.now() - lastSeen);
    });
    for (const traceId of traceIds) {
      this.open(`${url}/api/traces/${traceId}/stream`, (data) => {
        const sentAt = (data as { span?: { attributes?: Record<string, unknown> } }).span?.attributes?.[
          'bench.sentAt'
        ];
        if (typeof sentAt === 'number') this.trace.push(Date.now() - sentAt);
      });
    }
  }

  /** Resolves once every stream has sent its snapshot. */
  async ready(): Promise<void> {
    await Promise.all(this.opened);
  }

  /** Latencies since the last call, in ms. */
  take(): { trace: number[]; list: number[] } {
    const taken = { trace: this.trace, list: this.list };
    this.trace = [];
    this.list = [];
    return taken;
  }

  close(): void {
    this.closing = true;
    for (const controller of this.controllers) controller.abort();
  }

  private open(url: string, onEvent: (data: unknown) => void): void {
    const controller = new AbortController();
    this.controllers.push(controller);
    let markReady: () => void = () => {};
    this.opened.push(new Promise((resolve) => (markReady = resolve)));
    void (async () => {
      const response = await fetch(url, { signal: controller.signal });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (event === 'snapshot') markReady();
          else if (data) onEvent(JSON.parse(data));
        }
      }
      if (!this.closing) this.disconnects++;
    })().catch((error: Error) => {
      if (!this.closing) {
        this.disconnects++;
        process.stderr.write(`soak: stream ${url} failed: ${error.message}\n`);
      }
    });
  }
}
