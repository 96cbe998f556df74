import { useEffect, useRef, useState } from 'react';
import type { LiveTrace } from '../model/live-trace';
import { buildSpanTree, type SpanTree } from '../model/tree-rows';

/**
 * Rebuilds at most once per this many times the last build's duration, so a
 * big trace that changes every frame spends at most a tenth of its time
 * building trees: a 100,000-span trace takes ~100 ms a build and is rebuilt
 * about once a second, a 1,000-span trace at once.
 */
const BUILD_SPACING = 10;

/**
 * The span tree of a live trace: rebuilt when `version` changes, spaced out
 * by what a build costs (BUILD_SPACING); the latest version is always built
 * in the end.
 */
export function useSpanTree(trace: LiveTrace, version: number): SpanTree {
  const last = useRef({ version: -1, at: 0, cost: 0 });
  const latest = useRef(version);
  latest.current = version;
  const build = () => {
    const started = performance.now();
    const tree = buildSpanTree(trace.visibleSpans());
    const finished = performance.now();
    last.current = { version: latest.current, at: finished, cost: finished - started };
    return tree;
  };
  const [tree, setTree] = useState(build);
  useEffect(() => {
    if (last.current.version === version) return;
    const wait = last.current.at + BUILD_SPACING * last.current.cost - performance.now();
    if (wait <= 0) {
      setTree(build());
      return;
    }
    const timer = setTimeout(() => setTree(build()), wait);
    return () => clearTimeout(timer);
  });
  return tree;
}
