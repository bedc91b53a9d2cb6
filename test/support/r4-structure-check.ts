import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPackageCache } from './paths.js';

/**
 * A structural check of a FHIR R4 resource against the real StructureDefinitions of the R4 core package:
 * every key is an element the definition has, every required element is present, cardinality 0..1 holds,
 * required bindings hold. It stands in until Assay's own validator is on main; it is not a validator.
 */
interface ElementDefinition {
  readonly path: string;
  readonly min: number;
  readonly max: string;
  readonly type?: readonly { readonly code: string }[];
  readonly contentReference?: string;
  readonly binding?: { readonly strength: string; readonly valueSet?: string };
}

const packageDir = join(sharedPackageCache, 'hl7.fhir.r4.core#4.0.1', 'package');

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(packageDir, file), 'utf8')) as T;
}

function elements(type: string): readonly ElementDefinition[] {
  return readJson<{ snapshot: { element: ElementDefinition[] } }>(`StructureDefinition-${type}.json`).snapshot.element;
}

function codesOf(valueSet: string): Set<string> {
  const id = valueSet.replace(/\|.*$/, '').split('/').at(-1) ?? '';
  const vs = readJson<{ compose: { include: { system: string }[] } }>(`ValueSet-${id}.json`);
  const codes = new Set<string>();
  for (const include of vs.compose.include) {
    const cs = readJson<{ concept: { code: string }[] }>(`CodeSystem-${include.system.split('/').at(-1) ?? ''}.json`);
    for (const concept of cs.concept) codes.add(concept.code);
  }
  return codes;
}

export function structureProblems(resource: { resourceType: string }): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, type: string, root: string, at: string, defs: readonly ElementDefinition[]): void => {
    if (typeof value !== 'object' || value === null) return;
    const own = defs.filter((e) => e.path.startsWith(`${root}.`) && !e.path.slice(root.length + 1).includes('.'));
    for (const key of Object.keys(value)) {
      if (key === 'resourceType' && root === type) continue;
      if (!own.some((e) => e.path === `${root}.${key}`)) problems.push(`${at}.${key}: not an element of ${root}`);
    }
    for (const element of own) {
      const key = element.path.slice(root.length + 1);
      if (key.endsWith('[x]')) continue;
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) {
        if (element.min > 0) problems.push(`${at}.${key}: required (min ${element.min}) but missing`);
        continue;
      }
      const items = Array.isArray(member) ? (member as unknown[]) : [member];
      if (element.max === '1' && Array.isArray(member)) problems.push(`${at}.${key}: at most one allowed, got an array`);
      if (items.length < element.min) problems.push(`${at}.${key}: at least ${element.min} required`);
      if (element.binding?.strength === 'required' && element.binding.valueSet !== undefined && typeof items[0] === 'string') {
        const codes = codesOf(element.binding.valueSet);
        for (const item of items) if (!codes.has(String(item))) problems.push(`${at}.${key}: "${String(item)}" is not in ${element.binding.valueSet}`);
      }
      for (const item of items) {
        if (item === '') problems.push(`${at}.${key}: empty string`);
        const code = element.type?.[0]?.code;
        if (element.contentReference !== undefined) walk(item, type, element.contentReference.slice(1), `${at}.${key}`, defs);
        else if (code === 'BackboneElement') walk(item, type, element.path, `${at}.${key}`, defs);
        else if (code !== undefined && /^[A-Z]/.test(code) && code !== 'Resource') walk(item, code, code, `${at}.${key}`, elements(code));
      }
    }
  };
  walk(resource, resource.resourceType, resource.resourceType, resource.resourceType, elements(resource.resourceType));
  return problems;
}
