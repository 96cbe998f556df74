/**
 * A point in time work must end by. Its timer is not `unref()`'d: while a
 * flush waits on it, the process stays alive, so an awaited `shutdown()`
 * always settles instead of the process exiting under it.
 */
export class Deadline {
  /** Resolves when the deadline passes (never, once cancelled). */
  readonly passed: Promise<void>;
  private timer: NodeJS.Timeout | undefined;
  private hasPassed = false;

  constructor(readonly ms: number) {
    this.passed = new Promise((resolve) => {
      this.timer = setTimeout(() => {
        this.hasPassed = true;
        resolve();
      }, ms);
    });
  }

  get isPast(): boolean {
    return this.hasPassed;
  }

  /** Resolves `true` when `work` ended in time, `false` when the deadline came first. */
  async race(work: Promise<unknown>): Promise<boolean> {
    return Promise.race([work.then(ok, ok), this.passed.then(() => false)]);
  }

  cancel(): void {
    clearTimeout(this.timer);
  }
}

const ok = () => true;
