import type { Visit } from './element.js';
import { effectiveNode } from './element.js';
import { isJsonObject, isPrimitiveType } from './fhir-types.js';
import { resolveReference } from './references.js';
import type { CompiledStructure, ElementNode } from './structure.js';

/** A value reached in the instance, with its type when the JSON says it (choice suffix, resourceType). */
export interface TypedInstance {
  readonly value: unknown;
  readonly type: string | undefined;
}

/** An element reached in a slice's definition, with the structure it belongs to and any type it is narrowed to. */
export interface DefinitionStep {
  readonly node: ElementNode;
  readonly structure: CompiledStructure;
  readonly type: string | undefined;
}

/** Splits a discriminator path on dots outside parentheses and quotes: `extension('http://a.b/c').value`. */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  let depth = 0;
  let quote = false;
  let current = '';
  for (const char of path) {
    if (char === "'") quote = !quote;
    if (!quote && char === '(') depth++;
    if (!quote && char === ')') depth--;
    if (char === '.' && depth === 0 && !quote) {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments.filter((s) => s !== '');
}

function functionArgument(segment: string, name: string): string | undefined {
  const match = new RegExp(`^${name}\\((.*)\\)$`).exec(segment);
  if (match === null) return undefined;
  return (match[1] ?? '').trim().replace(/^'(.*)'$/, '$1');
}

/** The instance values a discriminator path reaches from one sliced item. */
export function instanceValues(visit: Visit, start: TypedInstance, path: string): TypedInstance[] {
  let current: TypedInstance[] = [start];
  for (const segment of pathSegments(path)) {
    const next: TypedInstance[] = [];
    const extensionUrl = functionArgument(segment, 'extension');
    const ofType = functionArgument(segment, 'ofType') ?? functionArgument(segment, 'as');
    for (const item of current) {
      if (segment === '$this') next.push(item);
      else if (segment === 'resolve()') {
        const resolved = isJsonObject(item.value) ? resolveReference(visit.frame, item.value.reference) : undefined;
        if (resolved !== undefined) next.push({ value: resolved, type: typeof resolved.resourceType === 'string' ? resolved.resourceType : undefined });
      } else if (extensionUrl !== undefined) {
        const extensions = isJsonObject(item.value) && Array.isArray(item.value.extension) ? item.value.extension : [];
        for (const e of extensions) if (isJsonObject(e) && e.url === extensionUrl) next.push({ value: e, type: 'Extension' });
      } else if (ofType !== undefined) {
        if (item.type === undefined || item.type === ofType) next.push({ value: item.value, type: ofType });
      } else if (isJsonObject(item.value)) {
        next.push(...childValues(item.value, segment));
      }
    }
    current = next;
  }
  return current;
}

function childValues(obj: Record<string, unknown>, name: string): TypedInstance[] {
  const typeOf = (value: unknown, type: string | undefined): TypedInstance => ({
    value,
    type: type ?? (isJsonObject(value) && typeof value.resourceType === 'string' ? value.resourceType : undefined),
  });
  if (name in obj) {
    const value = obj[name];
    return Array.isArray(value) ? value.map((v) => typeOf(v, undefined)) : [typeOf(value, undefined)];
  }
  for (const key of Object.keys(obj)) {
    if (key.length > name.length && key.startsWith(name) && /[A-Z]/.test(key.charAt(name.length))) {
      const suffix = key.slice(name.length);
      const lowered = suffix.charAt(0).toLowerCase() + suffix.slice(1);
      return [typeOf(obj[key], isPrimitiveType(lowered) ? lowered : suffix)];
    }
  }
  return [];
}

/** The element a discriminator path names in a slice's definition, following types, profiles and extension slices. */
export function definitionTarget(visit: Visit, start: DefinitionStep, path: string): DefinitionStep | undefined {
  let current: DefinitionStep | undefined = start;
  for (const segment of pathSegments(path)) {
    if (current === undefined) return undefined;
    if (segment === '$this') continue;
    const extensionUrl = functionArgument(segment, 'extension');
    const ofType = functionArgument(segment, 'ofType') ?? functionArgument(segment, 'as');
    if (ofType !== undefined) current = { ...current, type: ofType };
    else if (segment === 'resolve()') current = resolvedTarget(visit, current);
    else if (extensionUrl !== undefined) current = extensionSlice(visit, current, extensionUrl);
    else current = childStep(visit, current, segment);
  }
  return current;
}

/**
 * Where an element's children are defined for a discriminator: the profile its type names (or the element of
 * it the type names), since that is what the slice means; else the snapshot's own children; else the type.
 */
export function childOwner(visit: Visit, step: DefinitionStep): DefinitionStep | undefined {
  const node = effectiveNode({ ...visit, structure: step.structure }, step.node);
  const types = step.type === undefined ? node.types : node.types.filter((t) => t.code === step.type);
  const type = types.length === 1 ? types[0] : undefined;
  const structures = visit.run.engine.structures;
  const profile = type?.profiles[0];
  const profiled = profile === undefined ? undefined : structures.get(profile);
  if (profiled !== undefined && profile !== undefined) {
    const elementId = type?.profileElements.get(profile);
    const owner = elementId === undefined ? profiled.root : profiled.element(elementId);
    if (owner !== undefined) return { node: owner, structure: profiled, type: undefined };
  }
  if (node.children.length > 0) return { ...step, node };
  const structure = (type ?? types[0]) === undefined ? undefined : structures.forType((type ?? types[0])?.code ?? '');
  return structure === undefined ? undefined : { node: structure.root, structure, type: undefined };
}

function childStep(visit: Visit, step: DefinitionStep, name: string): DefinitionStep | undefined {
  const owner = childOwner(visit, step);
  if (owner === undefined) return undefined;
  const child = owner.node.properties.get(name)?.node ?? owner.node.children.find((c) => c.name === `${name}[x]`);
  return child === undefined ? undefined : { node: child, structure: owner.structure, type: owner.node.properties.get(name)?.type };
}

function extensionSlice(visit: Visit, step: DefinitionStep, url: string): DefinitionStep | undefined {
  const owner = childOwner(visit, step);
  const extension = owner?.node.children.find((c) => c.name === 'extension');
  if (owner === undefined || extension === undefined) return undefined;
  for (const slice of extension.slices) {
    const profiles = slice.types.flatMap((t) => t.profiles).map((p) => p.split('|')[0]);
    const fixedUrl = slice.children.find((c) => c.name === 'url')?.fixed?.value;
    if (profiles.includes(url) || fixedUrl === url) return { node: slice, structure: owner.structure, type: 'Extension' };
  }
  const structure = visit.run.engine.structures.get(url);
  return structure === undefined ? undefined : { node: structure.root, structure, type: undefined };
}

function resolvedTarget(visit: Visit, step: DefinitionStep): DefinitionStep | undefined {
  const targets = step.node.types.flatMap((t) => t.targetProfiles);
  const first = targets[0];
  const structure = first === undefined ? undefined : visit.run.engine.structures.get(first);
  return structure === undefined ? undefined : { node: structure.root, structure, type: undefined };
}
