import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4.js';

/** Reading search and history Bundles the way the RESTful API defines them (links, entry modes). */

/** The URL of a link relation (`self`, `next`, ...), if the Bundle has it. */
export function linkUrl(bundle: Bundle, relation: string): string | undefined {
  return bundle.link?.find((link) => link.relation === relation)?.url;
}

/**
 * The entries that matched the search: search.mode `match`, or no mode on a resource of the searched
 * type (the mode is optional). Included resources and OperationOutcomes are left out.
 */
export function matchEntries(bundle: Bundle, type: string): BundleEntry[] {
  return (bundle.entry ?? []).filter((entry) => {
    const mode = entry.search?.mode;
    if (mode !== undefined) return mode === 'match';
    return entry.resource?.resourceType === type;
  });
}

/** `Type/id` of a resource, the relative reference the RESTful API uses. */
export function relativeReference(resource: Pick<FhirResource, 'resourceType' | 'id'>): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

/** Splits `Type/id` (or a longer URL ending with it) into its parts; undefined when it has no such tail. */
export function splitReference(reference: string): { readonly type: string; readonly id: string } | undefined {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
  if (match === null) return undefined;
  return { type: match[1] ?? '', id: match[2] ?? '' };
}
