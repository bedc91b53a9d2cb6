/**
 * The instances a profile's tests look at: the resources named in the `instances` input, or else the first
 * page of a search on the profile's type. A resource counts for a profile when it claims it in
 * meta.profile, or when it claims no UK Core profile of its type and the profile is that type's base one.
 */
import type { Bundle, Resource } from 'fhir/r4.js';
import { splitCanonical } from '../../profiles/index.js';
import type { TestContext } from '../../runner/dsl/index.js';
import type { Catalogue, ProfileInfo } from './catalogue.js';
import { fhirHeaders } from './fhir-headers.js';
import type { UkCoreInputs } from './inputs.js';

export type UkCoreContext = TestContext<UkCoreInputs>;

function claims(resource: Resource): string[] {
  return (resource.meta?.profile ?? []).map((canonical) => splitCanonical(canonical)[0]);
}

export function appliesTo(resource: Resource, profile: ProfileInfo, catalogue: Catalogue): boolean {
  if (resource.resourceType !== profile.type) return false;
  const claimed = claims(resource);
  if (claimed.includes(profile.url)) return true;
  const sameType = catalogue.profilesByType.get(profile.type) ?? new Set<string>();
  return profile.base && !claimed.some((url) => sameType.has(url));
}

async function named(ctx: UkCoreContext, type: string): Promise<Resource[] | undefined> {
  const ids = ctx.inputs.instances.filter((reference) => reference.startsWith(`${type}/`));
  if (ids.length === 0) return undefined;
  const resources: Resource[] = [];
  for (const reference of ids) {
    const response = await ctx.http.get(reference, { headers: fhirHeaders() });
    if (response.status !== 200) ctx.skip(`${reference} (from the instances input) answered ${response.status}`);
    const resource = response.json() as Resource | undefined;
    ctx.expect.equal(resource?.resourceType, type, `the resourceType of ${reference}`);
    resources.push(resource as Resource);
  }
  return resources;
}

/** Up to maxInstances resources of the type, following the search's `next` links page by page. */
async function searched(ctx: UkCoreContext, type: string): Promise<Resource[]> {
  const max = ctx.inputs.maxInstances;
  const resources: Resource[] = [];
  let url: string | undefined = `${type}?_count=${Math.min(max, 50)}`;
  for (let page = 0; url !== undefined && resources.length < max && page < max; page++) {
    const response = await ctx.http.get(url, { headers: fhirHeaders() });
    if (response.status !== 200) ctx.skip(`searching ${url} answered ${response.status}: give ${type} ids in the instances input`);
    const bundle: Bundle = ctx.expect.resource(response.json(), 'Bundle');
    for (const entry of bundle.entry ?? []) {
      if (entry.search?.mode !== 'include' && entry.search?.mode !== 'outcome' && entry.resource?.resourceType === type) resources.push(entry.resource);
    }
    url = bundle.link?.find((link) => link.relation === 'next')?.url;
  }
  return resources.slice(0, max);
}

/** The instances of `profile` the target serves; skips the test, saying where it looked, when there are none. */
export async function instancesOf(ctx: UkCoreContext, profile: ProfileInfo, catalogue: Catalogue): Promise<Resource[]> {
  const given = await named(ctx, profile.type);
  const resources = (given ?? (await searched(ctx, profile.type))).filter((resource) => appliesTo(resource, profile, catalogue));
  if (resources.length === 0) {
    const where = given === undefined ? `the first ${ctx.inputs.maxInstances} ${profile.type} resources a search returns` : `the ${profile.type} ids of the instances input`;
    const claim = profile.base ? `claim ${profile.id} or no UK Core ${profile.type} profile` : `claim ${profile.id} in meta.profile`;
    ctx.skip(`no ${profile.id} instance to check: none of ${where} ${claim}`);
  }
  return resources;
}
