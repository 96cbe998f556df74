/**
 * The top-level fields of a flow's input schema, for the reference list next
 * to the editor (it names optional fields the default input leaves out).
 */

/** One input field. */
export interface SchemaField {
  name: string;
  /** A short type, e.g. `string`, `integer ≥ 1`, `"a" | "b"`, `string[]`. */
  type: string;
  required: boolean;
  description?: string;
  /** The schema default as JSON text, when there is one. */
  defaultText?: string;
}

/** Fields of an object schema, in declaration order; empty for anything else. */
export function schemaFields(schema: unknown): SchemaField[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const node = isRecord(property) ? property : {};
    return {
      name,
      type: typeLabel(node),
      required: required.has(name),
      ...(typeof node.description === 'string' && { description: node.description }),
      ...('default' in node && { defaultText: JSON.stringify(node.default) }),
    };
  });
}

/** A one-line description of a schema's type. */
function typeLabel(node: Record<string, unknown>): string {
  if ('const' in node) return JSON.stringify(node.const);
  if (Array.isArray(node.enum)) return node.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (typeof node.$ref === 'string') return node.$ref.split('/').at(-1) || 'ref';
  const branches = Array.isArray(node.anyOf)
    ? node.anyOf
    : Array.isArray(node.oneOf)
      ? node.oneOf
      : undefined;
  if (branches) return branches.map((branch) => (isRecord(branch) ? typeLabel(branch) : 'any')).join(' | ');
  const types = (Array.isArray(node.type) ? node.type : [node.type]).filter(
    (type): type is string => typeof type === 'string',
  );
  if (types.length === 0) return isRecord(node.properties) ? 'object' : 'any';
  return types.map((type) => withBounds(type, node)).join(' | ');
}

function withBounds(type: string, node: Record<string, unknown>): string {
  if (type === 'array') return `${isRecord(node.items) ? typeLabel(node.items) : 'any'}[]`;
  if (type === 'string') return stringLabel(node);
  if (type !== 'integer' && type !== 'number') return type;
  const bounds: string[] = [];
  if (typeof node.minimum === 'number') bounds.push(`≥ ${node.minimum}`);
  if (typeof node.exclusiveMinimum === 'number') bounds.push(`> ${node.exclusiveMinimum}`);
  // zod writes Number.MAX_SAFE_INTEGER as the maximum of every int; it says nothing.
  if (typeof node.maximum === 'number' && node.maximum < Number.MAX_SAFE_INTEGER)
    bounds.push(`≤ ${node.maximum}`);
  if (typeof node.exclusiveMaximum === 'number') bounds.push(`< ${node.exclusiveMaximum}`);
  return bounds.length > 0 ? `${type} ${bounds.join(', ')}` : type;
}

function stringLabel(node: Record<string, unknown>): string {
  const facts: string[] = [];
  if (typeof node.format === 'string') facts.push(node.format);
  const min = typeof node.minLength === 'number' && node.minLength > 0 ? node.minLength : undefined;
  const max = typeof node.maxLength === 'number' ? node.maxLength : undefined;
  if (min !== undefined && min === max) facts.push(`length ${min}`);
  else {
    if (min !== undefined) facts.push(`length ≥ ${min}`);
    if (max !== undefined) facts.push(`length ≤ ${max}`);
  }
  return facts.length > 0 ? `string, ${facts.join(', ')}` : 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
