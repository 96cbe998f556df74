/** Wrong tokens one client may present per window before it must wait. */
const MAX_WRONG_TOKENS = 20;

/** The window of MAX_WRONG_TOKENS, in ms. */
const WINDOW_MS = 60_000;

/** Clients remembered at most: beyond it the oldest are forgotten, so memory stays bounded under a spray of addresses. */
const MAX_CLIENTS = 10_000;

/**
 * Counts wrong tokens per client. Once a client presented MAX_WRONG_TOKENS
 * in a window, its credentials are not checked at all until the window
 * ends (429): checking them would still tell a guesser when it is right.
 * Other clients are not affected.
 */
export class TokenGuesses {
  private readonly clients = new Map<string, { since: number; wrong: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** How long `client` must wait before its credentials are checked again, in ms; 0 when they are checked now. */
  waitMs(client: string): number {
    const entry = this.clients.get(client);
    if (!entry) return 0;
    const left = entry.since + WINDOW_MS - this.now();
    if (left <= 0) {
      this.clients.delete(client);
      return 0;
    }
    return entry.wrong >= MAX_WRONG_TOKENS ? left : 0;
  }

  /** `client` presented a wrong token. */
  wrong(client: string): void {
    const entry = this.clients.get(client);
    if (entry && entry.since + WINDOW_MS > this.now()) {
      entry.wrong++;
      return;
    }
    this.clients.delete(client);
    if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
    this.clients.set(client, { since: this.now(), wrong: 1 });
  }
}
