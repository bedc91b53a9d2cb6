import type { ElementDefinition, ElementDefinitionType } from 'fhir/r4.js';

/**
 * How one differential element constrains the element it derives from (FHIR "profiling" rules, as HL7's
 * ProfileUtilities applies them): documentation replaces (or appends, after "..."), cardinality, types, fixed and
 * pattern values, bindings and flags replace, while aliases, mappings, conditions, examples and constraints
 * accumulate. The inputs are never mutated: snapshots share unchanged parts with their bases.
 */

type Json = Record<string, unknown>;

const appendable = new Set(['short', 'definition', 'comment', 'requirements', 'label']);
const replaced = new Set([
  'sliceName',
  'sliceIsConstraining',
  'min',
  'max',
  'maxLength',
  'mustSupport',
  'isModifier',
  'isModifierReason',
  'isSummary',
  'meaningWhenMissing',
  'orderMeaning',
  'binding',
  'type',
  'contentReference',
  'representation',
]);
/** Choice-typed properties: setting one `fixedX` removes any other `fixed*` (and likewise for the rest). */
const choiceFamilies = ['fixed', 'pattern', 'defaultValue', 'minValue', 'maxValue'] as const;
/** Types a binding can apply to; a binding left on any other type is dropped (HL7 task 8477). */
const bindableTypes = new Set(['Coding', 'CodeableConcept', 'Quantity', 'uri', 'string', 'code', 'CodeableReference']);

/** The element's `base` (where it was first defined), kept from the element it derives from. */
export function withBase(element: ElementDefinition): ElementDefinition {
  if (element.base !== undefined) return element;
  return { ...element, base: { path: element.path, min: element.min ?? 0, max: element.max ?? '*' } };
}

/**
 * The element `base` constrained by the differential element `diff`. `profileRoot` is the root element of the
 * type profile the element takes (an extension definition, say): its documentation, flags and constraints
 * describe the element better than the generic base does.
 */
export function constrain(
  base: ElementDefinition,
  diff: ElementDefinition | undefined,
  profileRoot: ElementDefinition | undefined,
  sourceUrl: string,
): ElementDefinition {
  let out: Json = { ...withBase(base) };
  if (profileRoot !== undefined) out = fromProfileRoot(profileRoot, base);
  if (diff === undefined) return out as unknown as ElementDefinition;
  if (profileRoot === undefined && isExtensionPath(base.path)) out = asExtensionEntry(out as unknown as ElementDefinition) as unknown as Json;

  for (const [key, value] of Object.entries(diff)) {
    if (value === undefined || key === 'id' || key === 'path' || key === 'base' || key === 'slicing') continue;
    if (appendable.has(key)) out[key] = appendOrReplace(out[key], value);
    else if (replaced.has(key)) out[key] = value;
    else if (key === 'alias' || key === 'condition') out[key] = union(out[key], value, (a, b) => a === b);
    else if (key === 'mapping') out[key] = union(out[key], value, (a, b) => sameMapping(a, b));
    else if (key === 'example' || key === 'code') out[key] = union(out[key], value, (a, b) => JSON.stringify(a) === JSON.stringify(b));
    else if (key === 'constraint') out[key] = addConstraints(out[key], value, sourceUrl);
    else if (key === 'extension') out[key] = replaceByUrl(out[key], value);
    else {
      const family = choiceFamilies.find((f) => key.startsWith(f) && key.length > f.length && /[A-Z]/.test(key[f.length] ?? ''));
      if (family !== undefined) {
        for (const existing of Object.keys(out)) if (existing.startsWith(family) && existing !== key) delete out[existing];
      }
      out[key] = value;
    }
  }
  if (out.binding !== undefined && !((out.type as ElementDefinitionType[] | undefined) ?? []).some((t) => bindableTypes.has(t.code))) {
    delete out.binding;
  }
  return out as unknown as ElementDefinition;
}

/** True for `extension` and `modifierExtension` elements, which are sliced by url unless a profile says otherwise. */
export function isExtensionPath(path: string): boolean {
  return path.endsWith('.extension') || path.endsWith('.modifierExtension');
}

/** Starts from the type profile's root, keeping what the element's own definition says about its place. */
function fromProfileRoot(root: ElementDefinition, base: ElementDefinition): Json {
  const out: Json = { ...root, path: base.path, base: withBase(base).base };
  delete out.sliceName;
  delete out.id;
  delete out.slicing;
  for (const key of ['label', 'min', 'max', 'maxLength', 'mustSupport', 'binding'] as const) {
    if (base[key] !== undefined) out[key] = base[key];
  }
  if (base.sliceName !== undefined) out.sliceName = base.sliceName;
  for (const family of choiceFamilies) {
    for (const [key, value] of Object.entries(base)) if (key.startsWith(family) && family !== 'defaultValue') out[key] = value;
  }
  out.code = union(out.code, base.code ?? [], (a, b) => JSON.stringify(a) === JSON.stringify(b));
  out.constraint = addConstraints(out.constraint, base.constraint ?? [], undefined);
  if (out.code === undefined || (out.code as unknown[]).length === 0) delete out.code;
  return out;
}

/** HL7's convention: a profiled extension element says "Extension" unless its profile or the differential says more. */
export function asExtensionEntry(element: ElementDefinition): ElementDefinition {
  const out: Json = { ...element, short: 'Extension', definition: 'An Extension' };
  for (const key of ['comment', 'requirements', 'alias', 'mapping']) delete out[key];
  return out as unknown as ElementDefinition;
}

function appendOrReplace(existing: unknown, value: unknown): unknown {
  if (typeof value === 'string' && value.startsWith('...') && typeof existing === 'string') {
    return `${existing}\r\n${value.slice(3)}`;
  }
  return value;
}

function union(existing: unknown, added: unknown, same: (a: unknown, b: unknown) => boolean): unknown[] {
  const out = Array.isArray(existing) ? [...(existing as unknown[])] : [];
  for (const item of Array.isArray(added) ? (added as unknown[]) : []) if (!out.some((o) => same(o, item))) out.push(item);
  return out;
}

function sameMapping(a: unknown, b: unknown): boolean {
  const x = a as { identity?: string; map?: string };
  const y = b as { identity?: string; map?: string };
  return x.identity === y.identity && x.map === y.map;
}

/** Constraints accumulate; one with the same key as an inherited one replaces it. */
function addConstraints(existing: unknown, added: unknown, sourceUrl: string | undefined): unknown[] {
  const out = Array.isArray(existing) ? [...(existing as Json[])] : [];
  for (const constraint of Array.isArray(added) ? (added as Json[]) : []) {
    const withSource = sourceUrl !== undefined && constraint.source === undefined ? { ...constraint, source: sourceUrl } : constraint;
    const at = out.findIndex((c) => c.key === constraint.key);
    if (at < 0) out.push(withSource);
    else if (sourceUrl !== undefined) out[at] = withSource;
  }
  return out;
}

function replaceByUrl(existing: unknown, added: unknown): unknown[] {
  const incoming = Array.isArray(added) ? (added as Json[]) : [];
  const kept = (Array.isArray(existing) ? (existing as Json[]) : []).filter((e) => !incoming.some((i) => i.url === e.url));
  return [...kept, ...incoming];
}
