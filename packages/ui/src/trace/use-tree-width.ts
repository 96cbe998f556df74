import { useCallback, useState } from 'react';
import { clampTreeWidth } from '../model/tree-layout';

/** Where the name column's width is kept across reloads. */
const STORAGE_KEY = 'livespan.treeWidth';

function stored(): number | undefined {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === null ? undefined : clampTreeWidth(value);
  } catch {
    return undefined; // storage blocked: the column keeps its default
  }
}

/**
 * The width the user gave the name column (px), or undefined for the
 * default; `setWidth` keeps it in localStorage.
 */
export function useTreeWidth(): [number | undefined, (width: number) => void] {
  const [width, setState] = useState(stored);
  const setWidth = useCallback((next: number) => {
    const clamped = clampTreeWidth(next);
    setState(clamped);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(clamped));
    } catch {
      // Not kept, but still applied.
    }
  }, []);
  return [width, setWidth];
}
