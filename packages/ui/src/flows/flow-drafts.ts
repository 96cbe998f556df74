/**
 * Input the user typed for each flow, keyed by flow name, kept in local
 * storage so it survives going to a run's trace and back, the app restarting,
 * and a reload of the page. "Run again" puts a past run's input here.
 */
const STORAGE_KEY = 'livespan:flow-drafts';
/** Most flows remembered; the oldest typed-in go first. */
const MAX_DRAFTS = 100;

function read(): Map<string, string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
      return new Map(
        Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    }
  } catch {
    // storage unavailable or garbled: start empty
  }
  return new Map();
}

function write(drafts: Map<string, string>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries([...drafts].slice(-MAX_DRAFTS))));
  } catch {
    // storage full or unavailable: the draft lives as long as the page
  }
}

const drafts = read();

/** The text typed for `flowName`, if the user changed it from the default. */
export function loadDraft(flowName: string): string | undefined {
  return drafts.get(flowName);
}

/** Remembers `text` for `flowName`; `undefined` forgets it (back to the default). */
export function saveDraft(flowName: string, text: string | undefined): void {
  drafts.delete(flowName);
  if (text !== undefined) drafts.set(flowName, text);
  write(drafts);
}
