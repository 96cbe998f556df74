/**
 * A starting input for a flow, built from its input JSON Schema (draft-07, as
 * the app's reflection API describes it). Schema `default`s win; elsewhere a
 * type-appropriate placeholder stands in, so the editor opens on something
 * the user only has to adjust.
 */

/** A JSON Schema node: an object, or `true`/`false` (any / nothing). */
type JsonSchema = Record<string, unknown> | boolean;

/** `$ref` chains deeper than this are recursive schemas; they get `null`. */
const MAX_REF_DEPTH = 8;

interface Built {
  value: unknown;
  /** True when the value (or something inside it) came from a schema `default`. */
  fromDefault: boolean;
}

/**
 * The default input of `schema`: `undefined` when there is no schema (the
 * flow takes no declared input). Objects hold their required properties and
 * those that carry a default somewhere inside; optional properties without
 * one are left out, since a made-up value could fail the schema.
 */
export function defaultFromSchema(schema: unknown): unknown {
  if (schema === undefined || schema === null) return undefined;
  if (!isSchema(schema)) return undefined;
  return build(schema, schema, 0).value;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || (typeof value === 'object' && value !== null && !Array.isArray(value));
}

function build(node: JsonSchema, root: JsonSchema, depth: number): Built {
  if (typeof node === 'boolean') return { value: null, fromDefault: false };
  if ('default' in node) return { value: structuredClone(node.default), fromDefault: true };
  if ('const' in node) return { value: structuredClone(node.const), fromDefault: false };
  if (Array.isArray(node.enum) && node.enum.length > 0)
    return { value: structuredClone(node.enum[0]), fromDefault: false };

  if (typeof node.$ref === 'string') {
    const target = depth < MAX_REF_DEPTH ? resolveRef(node.$ref, root) : undefined;
    return target === undefined ? { value: null, fromDefault: false } : build(target, root, depth + 1);
  }
  const branches = firstOf(node.anyOf) ?? firstOf(node.oneOf);
  if (branches) return build(pickBranch(branches), root, depth);
  if (Array.isArray(node.allOf)) return buildAllOf(node, root, depth);

  switch (primaryType(node)) {
    case 'object':
      return buildObject(node, root, depth);
    case 'array':
      return buildArray(node, root, depth);
    case 'string':
      return { value: '', fromDefault: false };
    case 'integer':
      return { value: numberPlaceholder(node, true), fromDefault: false };
    case 'number':
      return { value: numberPlaceholder(node, false), fromDefault: false };
    case 'boolean':
      return { value: false, fromDefault: false };
    default:
      return { value: null, fromDefault: false };
  }
}

/** The type to build: the first non-null one of `type`, else guessed from the keywords present. */
function primaryType(node: Record<string, unknown>): string | undefined {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  const named = types.filter((type): type is string => typeof type === 'string');
  const first = named.find((type) => type !== 'null') ?? named[0];
  if (first) return first;
  if (isSchema(node.properties) || 'required' in node) return 'object';
  if ('items' in node) return 'array';
  return undefined;
}

function buildObject(node: Record<string, unknown>, root: JsonSchema, depth: number): Built {
  const properties = typeof node.properties === 'object' && node.properties !== null ? node.properties : {};
  const required = new Set(Array.isArray(node.required) ? node.required : []);
  const value: Record<string, unknown> = {};
  let fromDefault = false;
  for (const [name, property] of Object.entries(properties)) {
    if (!isSchema(property)) continue;
    const built = build(property, root, depth);
    if (!required.has(name) && !built.fromDefault) continue;
    value[name] = built.value;
    fromDefault ||= built.fromDefault;
  }
  return { value, fromDefault };
}

function buildArray(node: Record<string, unknown>, root: JsonSchema, depth: number): Built {
  const minItems = typeof node.minItems === 'number' && node.minItems > 0 ? Math.min(node.minItems, 100) : 0;
  const items = isSchema(node.items) ? node.items : true;
  // Each item is built anew, so the entries are independent values.
  const value = Array.from({ length: minItems }, () => build(items, root, depth).value);
  return { value, fromDefault: false };
}

function buildAllOf(node: Record<string, unknown>, root: JsonSchema, depth: number): Built {
  const parts = (node.allOf as unknown[]).filter(isSchema).map((part) => build(part, root, depth));
  const { allOf: _allOf, ...rest } = node;
  if (Object.keys(rest).some((key) => key === 'properties' || key === 'type'))
    parts.unshift(build(rest, root, depth));
  const objects = parts.filter((part) => isPlainObject(part.value));
  if (objects.length === 0) return parts[0] ?? { value: null, fromDefault: false };
  return {
    value: Object.assign({}, ...objects.map((part) => part.value)),
    fromDefault: objects.some((part) => part.fromDefault),
  };
}

function numberPlaceholder(node: Record<string, unknown>, integer: boolean): number {
  let value = 0;
  if (typeof node.minimum === 'number' && value < node.minimum) value = node.minimum;
  if (typeof node.exclusiveMinimum === 'number' && value <= node.exclusiveMinimum)
    value = node.exclusiveMinimum + 1;
  if (typeof node.maximum === 'number' && value > node.maximum) value = node.maximum;
  return integer ? Math.ceil(value) : value;
}

function firstOf(value: unknown): JsonSchema[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const schemas = value.filter(isSchema);
  return schemas.length > 0 ? schemas : undefined;
}

/** Prefers a branch that is not just `null`, so `T | null` starts as a T. */
function pickBranch(branches: JsonSchema[]): JsonSchema {
  const nonNull = branches.find((branch) => typeof branch !== 'object' || branch.type !== 'null');
  return nonNull ?? (branches[0] as JsonSchema);
}

/** Resolves a local `#/…` JSON Pointer; other references are not followed. */
function resolveRef(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let current: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return isSchema(current) ? current : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
