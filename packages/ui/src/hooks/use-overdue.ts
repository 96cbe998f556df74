import { useEffect, useState } from 'react';

/**
 * False until `active` has been true for `afterMs` without a break, then
 * true (until `active` turns false). For "this is taking longer than it should".
 */
export function useOverdue(active: boolean, afterMs: number): boolean {
  const [overdue, setOverdue] = useState(false);
  useEffect(() => {
    setOverdue(false);
    if (!active) return;
    const timer = setTimeout(() => setOverdue(true), afterMs);
    return () => clearTimeout(timer);
  }, [active, afterMs]);
  return active && overdue;
}
