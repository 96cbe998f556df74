/** Parsed JSON, or the original text when it is not JSON. */
export type MaybeJson = { json: true; value: unknown } | { json: false; text: string };

/** Parses a JSON string attribute (Genkit's `genkit:input` / `genkit:output`). */
export function parseMaybeJson(value: unknown): MaybeJson {
  if (typeof value !== 'string') return { json: true, value };
  try {
    return { json: true, value: JSON.parse(value) as unknown };
  } catch {
    return { json: false, text: value };
  }
}

/** Pretty-printed text of any attribute value (2-space JSON; strings as they are). */
export function prettyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** What the details panel shows about a span's attributes, by meaning. */
export interface AttributeView {
  /** `genkit:type`, e.g. "flow", "action". */
  genkitType?: string;
  /** `genkit:path`, e.g. "/{myFlow,t:flow}". */
  genkitPath?: string;
  input?: MaybeJson;
  output?: MaybeJson;
  /** `gen_ai.request.model` (or `gen_ai.response.model`). */
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** Every other attribute, sorted by key. */
  rest: Array<[string, unknown]>;
}

const SHOWN = new Set([
  'genkit:type',
  'genkit:path',
  'genkit:input',
  'genkit:output',
  'gen_ai.request.model',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
]);

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function asCount(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Sorts attributes into Genkit fields, GenAI model usage, and the rest. */
export function describeAttributes(attributes: Record<string, unknown>): AttributeView {
  const view: AttributeView = { rest: [] };
  const genkitType = asString(attributes['genkit:type']);
  if (genkitType) view.genkitType = genkitType;
  const genkitPath = asString(attributes['genkit:path']);
  if (genkitPath) view.genkitPath = genkitPath;
  if ('genkit:input' in attributes) view.input = parseMaybeJson(attributes['genkit:input']);
  if ('genkit:output' in attributes) view.output = parseMaybeJson(attributes['genkit:output']);
  const model = asString(attributes['gen_ai.request.model']) ?? asString(attributes['gen_ai.response.model']);
  if (model) view.model = model;
  const inputTokens = asCount(attributes['gen_ai.usage.input_tokens']);
  if (inputTokens !== undefined) view.inputTokens = inputTokens;
  const outputTokens = asCount(attributes['gen_ai.usage.output_tokens']);
  if (outputTokens !== undefined) view.outputTokens = outputTokens;
  view.rest = Object.entries(attributes)
    .filter(([key]) => !SHOWN.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return view;
}
