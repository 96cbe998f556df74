/**
 * The inputs each flow was last run with, newest first, kept in local storage
 * so they survive reloads; the Flows tab offers them for re-use.
 */
const STORAGE_KEY = 'livespan:flow-history';
/** Inputs remembered per flow. */
export const HISTORY_SIZE = 20;
/** Most flows remembered; the least recently run go first. */
const MAX_FLOWS = 100;

/** `history` with `text` first, any earlier copy of it removed, at most `HISTORY_SIZE` long. */
export function withInput(history: readonly string[], text: string): string[] {
  return [text, ...history.filter((entry) => entry !== text)].slice(0, HISTORY_SIZE);
}

function read(): Map<string, string[]> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
      return new Map(
        Object.entries(stored)
          .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
          .map(([flow, inputs]) => [flow, inputs.filter((input) => typeof input === 'string')]),
      );
    }
  } catch {
    // storage unavailable or garbled: start empty
  }
  return new Map();
}

/** The inputs `flowName` was run with, newest first. */
export function inputHistory(flowName: string): string[] {
  return read().get(flowName) ?? [];
}

/** Remembers that `flowName` was run with `text`; returns its history now. */
export function rememberInput(flowName: string, text: string): string[] {
  const all = read();
  const history = withInput(all.get(flowName) ?? [], text);
  all.delete(flowName);
  all.set(flowName, history);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries([...all].slice(-MAX_FLOWS))));
  } catch {
    // storage full or unavailable: the history lives as long as the page
  }
  return history;
}
