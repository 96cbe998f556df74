/**
 * Input the user typed for each flow, kept for this page's lifetime, so it
 * survives going to a run's trace and back, and the app restarting (when the
 * flow list briefly disappears). Keyed by flow name.
 */
const drafts = new Map<string, string>();

/** The text typed for `flowName`, if the user changed it from the default. */
export function loadDraft(flowName: string): string | undefined {
  return drafts.get(flowName);
}

/** Remembers `text` for `flowName`; `undefined` forgets it (back to the default). */
export function saveDraft(flowName: string, text: string | undefined): void {
  if (text === undefined) drafts.delete(flowName);
  else drafts.set(flowName, text);
}
