/**
 * Whether an element (named by its ElementDefinition id) is present in a resource, as Must Support
 * coverage counts it: a primitive needs a value; a complex element needs content besides `id` and
 * data-absent-reason extensions. So an element that only says why it is absent does not count.
 */
import type { ElementDefinition } from 'fhir/r4.js';
import { sliceMatcher } from './slices.js';

export const dataAbsentReason = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

export type Presence = { readonly present: boolean } | { readonly unsupported: string };

/** The child values of `name` (with `[x]`, any typed variant) of every value, arrays flattened. */
function children(values: readonly unknown[], name: string): unknown[] {
  const choice = name.endsWith('[x]') ? name.slice(0, -3) : undefined;
  return values.flatMap((value) => {
    if (typeof value !== 'object' || value === null) return [];
    const keys = Object.keys(value).filter((key) => (choice === undefined ? key === name : key.startsWith(choice) && /^[A-Z]/.test(key.slice(choice.length))));
    return keys.flatMap((key) => {
      const child = (value as Record<string, unknown>)[key];
      return Array.isArray(child) ? (child as unknown[]) : [child];
    });
  });
}

/** Content that counts: a primitive value, or an object with more than its id and data-absent-reason. */
export function hasContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'object') return true;
  return Object.entries(value).some(([key, child]) => {
    if (key === 'id') return false;
    if (key === 'extension' && Array.isArray(child)) {
      return child.some((extension) => (extension as { url?: unknown } | null)?.url !== dataAbsentReason);
    }
    return Array.isArray(child) ? child.some(hasContent) : hasContent(child);
  });
}

/** Whether `elementId` has content in `resource`, values of slices counted only when they belong to the slice. */
export function presence(resource: unknown, elementId: string, snapshot: readonly ElementDefinition[]): Presence {
  const [root, ...steps] = elementId.split('.');
  let values: unknown[] = [resource];
  let path = root ?? '';
  for (const step of steps) {
    const [name = '', slice] = step.split(':');
    values = children(values, name);
    path = `${path}.${name}`;
    if (slice !== undefined) {
      const sliceId = `${path}:${slice}`;
      const matcher = sliceMatcher(snapshot, sliceId);
      if ('unsupported' in matcher) return { unsupported: matcher.unsupported };
      values = values.filter(matcher.matches);
      path = sliceId;
    }
  }
  return { present: values.some(hasContent) };
}
