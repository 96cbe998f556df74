/** Where the server says what a person at the terminal should know. One per server, injectable for tests. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  /** `error` is the cause, for an unexpected failure; its stack goes to the terminal, never to a client. */
  error(message: string, error?: unknown): void;
}

/** Writes `livespan: …` lines to stderr. */
export const consoleLogger: Logger = {
  info: (message) => console.error(`livespan: ${message}`),
  warn: (message) => console.error(`livespan: warning: ${message}`),
  error: (message, error) =>
    error === undefined
      ? console.error(`livespan: ${message}`)
      : console.error(`livespan: ${message}`, error),
};
