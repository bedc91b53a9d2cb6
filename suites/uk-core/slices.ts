/**
 * Which values of a sliced element belong to a slice, from the slicing discriminators in the profile's
 * snapshot: `value` and `pattern` discriminators on a path (e.g. `system`, `coding.code`, `url`), compared
 * with the fixed or pattern value the slice sets at that path. Other discriminator types (`type`,
 * `profile`, `exists`) cannot be decided from the instance alone here; they are reported as unsupported.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ElementDefinition } from 'fhir/r4.js';

export type SliceMatcher = { readonly matches: (value: unknown) => boolean } | { readonly unsupported: string };

/** The fixed[x] or pattern[x] an element sets, with which of the two it is. */
function constraintOf(element: ElementDefinition | undefined): { kind: 'fixed' | 'pattern'; value: unknown } | undefined {
  if (element === undefined) return undefined;
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith('fixed')) return { kind: 'fixed', value };
    if (key.startsWith('pattern')) return { kind: 'pattern', value };
  }
  return undefined;
}

/** The values at a dot path below `value` (arrays flattened). */
export function valuesAt(value: unknown, path: string): unknown[] {
  let values = [value];
  if (path === '$this') return values;
  for (const name of path.split('.')) {
    values = values.flatMap((item) => {
      const child = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[name] : undefined;
      return child === undefined ? [] : Array.isArray(child) ? (child as unknown[]) : [child];
    });
  }
  return values;
}

/** `actual` holds everything `pattern` has (FHIR pattern[x] semantics: arrays match item by item). */
function containsPattern(actual: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) {
    return Array.isArray(actual) && pattern.every((item) => actual.some((candidate) => containsPattern(candidate, item)));
  }
  if (typeof pattern === 'object' && pattern !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    return Object.entries(pattern).every(([key, value]) => containsPattern((actual as Record<string, unknown>)[key], value));
  }
  return actual === pattern;
}

/** How to tell the members of slice `sliceId` (e.g. `Patient.identifier:nhsNumber`) among the sliced element's values. */
export function sliceMatcher(snapshot: readonly ElementDefinition[], sliceId: string): SliceMatcher {
  const colon = sliceId.lastIndexOf(':');
  const sliced = snapshot.find((element) => element.id === sliceId.slice(0, colon));
  const slice = snapshot.find((element) => element.id === sliceId);
  const discriminators = sliced?.slicing?.discriminator ?? [];
  if (slice === undefined || discriminators.length === 0) return { unsupported: `${sliceId} has no slicing discriminator in the snapshot` };
  const checks: ((value: unknown) => boolean)[] = [];
  for (const { type, path } of discriminators) {
    if (type !== 'value' && type !== 'pattern') return { unsupported: `the ${type} discriminator on ${path} of ${sliceId}` };
    const constraint =
      constraintOf(path === '$this' ? slice : snapshot.find((element) => element.id === `${sliceId}.${path}`)) ??
      (path === 'url' && slice.type?.[0]?.profile?.[0] !== undefined ? { kind: 'fixed' as const, value: slice.type[0].profile[0] } : undefined);
    if (constraint === undefined) return { unsupported: `${sliceId} sets no value for its discriminator ${path}` };
    checks.push((value) =>
      valuesAt(value, path).some((actual) => (constraint.kind === 'fixed' ? isDeepStrictEqual(actual, constraint.value) : containsPattern(actual, constraint.value))),
    );
  }
  return { matches: (value) => checks.every((check) => check(value)) };
}
