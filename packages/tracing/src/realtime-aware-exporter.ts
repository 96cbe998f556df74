/** How `RealtimeSpanProcessor` will feed an exporter: what the exporter can promise the server. */
export interface RealtimeMode {
  /** Spans are exported when they start, not only when they end. */
  realtime: boolean;
  /** A sign of life at least this often while spans are open; 0: no promise. */
  heartbeatMs: number;
}

/**
 * What `RealtimeSpanProcessor` tells or asks of an exporter beyond OpenTelemetry's
 * `SpanExporter`. Found structurally, so any exporter may implement it (or not).
 */
export interface RealtimeAwareExporter {
  /** Called once, by the processor's constructor. */
  useRealtimeMode?(mode: RealtimeMode): void;
  /**
   * Stops every request in flight at once (each ends as a failed export).
   * Called when a flush at shutdown passed its deadline, so a server that
   * hangs cannot hold the app's exit.
   */
  abort?(): void;
}
