import { describe, expect, it } from 'vitest';
import { makeSpan } from '../test-support/make-span';
import {
  deepestError,
  findMatches,
  matchHint,
  searchText,
  splitMatch,
  stepThrough,
  warmSearchText,
  withAncestors,
} from './span-search';
import { buildSpanTree } from './tree-rows';

const failed = { code: 2, message: 'boom' };
const root = makeSpan({ spanId: 'root', displayName: 'agent', startTime: 0, status: failed });
const plan = makeSpan({ spanId: 'plan', parentSpanId: 'root', displayName: 'Plan Step', startTime: 1 });
const call = makeSpan({
  spanId: 'call',
  parentSpanId: 'plan',
  displayName: 'llm',
  startTime: 2,
  attributes: { 'http.url': 'https://API.example.com/v1', retries: 3 },
  status: failed,
});
const live = makeSpan({
  spanId: 'live',
  parentSpanId: 'root',
  displayName: 'fetch plan',
  startTime: 3,
  endTime: 0,
});
const tree = buildSpanTree([live, call, plan, root]);
const none = new Set<never>();

const ids = (spans: { spanId: string }[]) => spans.map((span) => span.spanId);

describe('findMatches', () => {
  it('matches names, attribute keys and attribute values case-insensitively, in tree order', () => {
    expect(ids(findMatches(tree, { text: 'PLAN', states: none }))).toEqual(['plan', 'live']);
    expect(ids(findMatches(tree, { text: 'http.url', states: none }))).toEqual(['call']);
    expect(ids(findMatches(tree, { text: 'api.example', states: none }))).toEqual(['call']);
    expect(ids(findMatches(tree, { text: '3', states: none }))).toEqual(['call']);
  });

  it('never matches across two fields', () => {
    expect(findMatches(tree, { text: 'llmhttp', states: none })).toEqual([]);
    expect(searchText(call)).toContain('llm\nhttp.url');
  });

  it('narrows to the chosen states, with or without text', () => {
    expect(ids(findMatches(tree, { text: '', states: new Set(['error']) }))).toEqual(['root', 'call']);
    expect(ids(findMatches(tree, { text: 'plan', states: new Set(['running']) }))).toEqual(['live']);
    expect(findMatches(tree, { text: '  ', states: none })).toEqual([]);
  });
});

describe('stepping, ancestors, first error', () => {
  const matches = findMatches(tree, { text: 'l', states: none }); // plan, call, live
  it('steps to the next and previous match from the selection, wrapping around', () => {
    expect(ids(matches)).toEqual(['plan', 'call', 'live']);
    expect(stepThrough(tree, matches, undefined, 1)).toBe(0);
    expect(stepThrough(tree, matches, 'root', 1)).toBe(0);
    expect(stepThrough(tree, matches, 'call', 1)).toBe(2);
    expect(stepThrough(tree, matches, 'live', 1)).toBe(0);
    expect(stepThrough(tree, matches, 'plan', -1)).toBe(2);
    expect(stepThrough(tree, [], 'plan', 1)).toBeUndefined();
  });

  it('keeps every ancestor of a match for "only matches"', () => {
    expect([...withAncestors(tree, [call])].sort()).toEqual(['call', 'plan', 'root']);
  });

  it('picks the deepest failed span: where the failure started', () => {
    expect(deepestError(tree)?.spanId).toBe('call');
    expect(deepestError(buildSpanTree([plan]))).toBeUndefined();
  });

  it('cuts a name around the searched text, whatever its case', () => {
    expect(splitMatch('Plan Step', 'step')).toEqual({ before: 'Plan ', match: 'Step', after: '' });
    expect(splitMatch('Plan', 'x')).toBeUndefined();
  });
});

describe('matchHint', () => {
  it('says which attribute matched when the name did not, around the match', () => {
    expect(matchHint(call, 'api.EXAMPLE')).toBe('http.url: https://API.example.com/v1');
    expect(matchHint(call, 'v1')).toBe('http.url: …ple.com/v1');
    expect(matchHint(call, 'retr')).toBe('retries: 3');
    expect(matchHint(call, 'llm')).toBeUndefined();
    const long = makeSpan({ attributes: { text: `${'a'.repeat(100)}needle${'b'.repeat(100)}` } });
    expect(matchHint(long, 'needle')).toBe(`text: …${'a'.repeat(8)}needle${'b'.repeat(30)}…`);
  });
});

describe('warmSearchText', () => {
  it('goes through the spans in chunks and says where to go on', () => {
    expect(warmSearchText(tree.order, 0, 3)).toBe(3);
    expect(warmSearchText(tree.order, 3, 3)).toBe(tree.order.length);
  });
});
