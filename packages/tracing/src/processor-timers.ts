/**
 * The processor's timers, by name, all `unref()`'d: telemetry never keeps an
 * app alive (a flush's own deadline does, while it is awaited).
 */
export class ProcessorTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private soonScheduled = false;

  /** Runs `run` every `ms` until stopped; no-op when already running. */
  every(name: string, ms: number, run: () => void): void {
    if (this.timers.has(name)) return;
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.set(name, timer);
  }

  /** Runs `run` once after `ms`; no-op when already scheduled. */
  once(name: string, ms: number, run: () => void): void {
    if (this.timers.has(name)) return;
    const timer = setTimeout(() => {
      this.timers.delete(name);
      run();
    }, ms);
    timer.unref();
    this.timers.set(name, timer);
  }

  /** Runs `run` on a microtask, once however often this is called before it runs. */
  soon(run: () => void): void {
    if (this.soonScheduled) return;
    this.soonScheduled = true;
    queueMicrotask(() => {
      this.soonScheduled = false;
      run();
    });
  }

  stop(name: string): void {
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
  }

  stopAll(): void {
    for (const name of [...this.timers.keys()]) this.stop(name);
  }
}
