/** Lines of the app's stderr kept to show why it exited. */
const MAX_LINES = 20;
/** Longest line kept; a minified stack trace is not a reason a person reads. */
const MAX_LINE_LENGTH = 500;

/** The last lines an app wrote to stderr, bounded in count and length. */
export class StderrTail {
  private lines: string[] = [];

  push(line: string): void {
    this.lines.push(line.length > MAX_LINE_LENGTH ? `${line.slice(0, MAX_LINE_LENGTH)}…` : line);
    if (this.lines.length > MAX_LINES) this.lines.shift();
  }

  clear(): void {
    this.lines = [];
  }

  get(): string[] {
    return [...this.lines];
  }
}
