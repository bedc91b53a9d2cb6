import { choiceJsonName, isPrimitiveType } from './fhir-types.js';
import { pathOf, type Findings, type Where } from './issues.js';
import type { ElementNode, PropertyTarget } from './structure.js';

/** One occurrence of an element in the instance: the JSON value and, for primitives, its `_name` companion. */
export interface Item {
  readonly value: unknown;
  /** The `_name` object (id and extensions) of a primitive, or undefined. */
  readonly extra: unknown;
  /** The type the JSON name selects (choice elements) or undefined when the element says it. */
  readonly type: string | undefined;
  readonly path: string;
  /** The JSON object it is a member of. */
  readonly parent: Record<string, unknown>;
  /** The position in the JSON array (0 for a single value), for ordered slicing. */
  readonly position: number;
}

/**
 * An item whose path is worked out when something reads it: most items are primitives that no finding is
 * about, and building a path string for each of them was a large part of the walk's time.
 */
class JsonItem implements Item {
  #path: string | undefined;
  readonly #owner: Where;
  readonly #segment: string;
  readonly #index: number | undefined;

  constructor(
    readonly value: unknown,
    readonly extra: unknown,
    readonly type: string | undefined,
    readonly parent: Record<string, unknown>,
    readonly position: number,
    owner: Where,
    segment: string,
    index: number | undefined,
  ) {
    this.#owner = owner;
    this.#segment = segment;
    this.#index = index;
  }

  get path(): string {
    this.#path ??= `${pathOf(this.#owner)}.${this.#segment}${this.#index === undefined ? '' : `[${this.#index}]`}`;
    return this.#path;
  }
}

/**
 * Sorts an object's JSON properties onto the children of `owner`, reporting properties no child defines,
 * arrays where a single value belongs (and the reverse), empty arrays and nulls.
 */
export function collectChildren(
  obj: Record<string, unknown>,
  owner: ElementNode,
  path: Where,
  findings: Findings,
  isResourceRoot: boolean,
): Map<ElementNode, Item[]> {
  // The JSON names found, in order, with what they populate; then the items of each element, in the order
  // the elements were first found (so findings come in the same order whatever the shape).
  const targets: PropertyTarget[] = [];
  const names: string[] = [];
  let companions = false;
  for (const key in obj) {
    if (isResourceRoot && key === 'resourceType') continue;
    const companion = key.startsWith('_');
    companions ||= companion;
    const name = companion ? key.slice(1) : key;
    const target = owner.properties.get(name);
    if (target === undefined) {
      findings.error('structure', `${pathOf(path)}.${key}`, `Unrecognized property '${key}'`);
      continue;
    }
    if (companion) {
      if (target.type !== undefined && !isPrimitiveType(target.type)) {
        findings.error('structure', `${pathOf(path)}.${key}`, `Unrecognized property '${key}': '${name}' is not a primitive element`);
        continue;
      }
      if (name in obj) continue;
    }
    targets.push(target);
    names.push(name);
  }

  const result = new Map<ElementNode, Item[]>();
  for (let i = 0; i < targets.length; i++) {
    const node = (targets[i] as PropertyTarget).node;
    if (result.has(node)) continue;
    const items: Item[] = [];
    result.set(node, items);
    let others: number[] | undefined;
    for (let j = i + 1; j < targets.length; j++) if (targets[j]?.node === node) (others ??= []).push(j);
    if (others !== undefined) {
      const found = [names[i], ...others.map((j) => names[j])];
      findings.error('structure', path, `${node.path} is a choice of types and only one may be present, but found ${found.join(', ')}`);
    }
    itemsOf(obj, names[i] as string, targets[i] as PropertyTarget, path, findings, items, companions);
    for (const j of others ?? []) itemsOf(obj, names[j] as string, targets[j] as PropertyTarget, path, findings, items, companions);
  }
  return result;
}

/** The items of one JSON name; `companions` says whether the object has any `_name` member to look for. */
function itemsOf(obj: Record<string, unknown>, name: string, target: PropertyTarget, path: Where, findings: Findings, items: Item[], companions: boolean): void {
  const node = target.node;
  const value = obj[name];
  const extra = companions ? obj[`_${name}`] : undefined;
  const repeats = elementRepeats(node);
  const segment = target.segment;
  const arrayValue = Array.isArray(value);
  const arrayExtra = Array.isArray(extra);
  if (repeats) {
    if ((value !== undefined && !arrayValue) || (extra !== undefined && extra !== null && !arrayExtra)) {
      findings.error('structure', `${pathOf(path)}.${segment}`, `The property ${name} must be a JSON Array, not ${describe(arrayValue ? extra : value)}`);
      items.push(new JsonItem(value, arrayExtra ? undefined : extra, target.type, obj, 0, path, segment, 0));
      return;
    }
    const values = (value ?? []) as unknown[];
    const extras = (extra ?? []) as unknown[];
    const length = Math.max(values.length, extras.length);
    if (length === 0) findings.error('structure', `${pathOf(path)}.${segment}`, `Array cannot be empty: the property ${name} should not be present if it has no values`);
    if (value !== undefined && extra !== undefined && extra !== null && values.length !== extras.length) {
      findings.error('structure', `${pathOf(path)}.${segment}`, `The arrays ${name} and _${name} must have the same length (${values.length} and ${extras.length})`);
    }
    for (let i = 0; i < length; i++) {
      const v = values[i] ?? undefined;
      const e = extras[i] ?? undefined;
      if (v === undefined && e === undefined) {
        findings.error('structure', `${pathOf(path)}.${segment}[${i}]`, `Null values are not allowed: ${name}[${i}] has neither a value nor extensions`);
        continue;
      }
      items.push(new JsonItem(v, e, target.type, obj, i, path, segment, i));
    }
    return;
  }
  if (arrayValue || arrayExtra) {
    findings.error('structure', `${pathOf(path)}.${segment}`, `The property ${name} must be a single value, not an array`);
    const values = (arrayValue ? value : [value]) as unknown[];
    values.forEach((v, i) => items.push(new JsonItem(v ?? undefined, undefined, target.type, obj, i, path, segment, undefined)));
    return;
  }
  if (value === null && (extra === undefined || extra === null)) {
    findings.error('structure', `${pathOf(path)}.${segment}`, `The property ${name} is null: leave it out instead`);
    return;
  }
  items.push(new JsonItem(value ?? undefined, extra ?? undefined, target.type, obj, 0, path, segment, undefined));
}

/** Whether the JSON form is an array: decided by the base definition, whatever a profile narrows max to. */
export function elementRepeats(node: ElementNode): boolean {
  const max = node.definition.base?.max ?? node.definition.max ?? '1';
  return max !== '1' && max !== '0';
}

/** The JSON property names an element may appear under (every type of a choice). */
export function jsonNames(node: ElementNode): string[] {
  if (!node.choice) return [node.name];
  const base = node.name.slice(0, -3);
  return node.types.map((t) => choiceJsonName(base, t.code));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an Object';
  return `a primitive (${typeof value})`;
}
