import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4.js';
import type { DeclaredScope } from '../config/types.js';
import type { Claims } from '../dsl/suite.js';
import { splitCanonical } from '../../profiles/index.js';

const systemInteractions = new Set(['transaction', 'batch', 'search-system', 'history-system']);

/**
 * Why a test does not apply to the target, judged from what the vendor declared in the config (scope,
 * writable); undefined when it applies. Decided while planning, before anything is sent.
 */
export function declaredGap(
  test: { readonly claims: Claims | undefined; readonly writes: boolean },
  target: { readonly name: string; readonly writable: boolean; readonly scope?: DeclaredScope },
): string | undefined {
  if (test.writes && !target.writable) {
    return `the test writes to the target and target ${target.name} is not declared writable (set "writable: true" to allow it)`;
  }
  const claims = test.claims;
  const scope = target.scope;
  if (claims === undefined || scope === undefined) return undefined;
  const outside = (what: string): string => `${what} is outside the declared scope of target ${target.name}`;
  if (claims.resource !== undefined && scope.resources !== undefined && !scope.resources.includes(claims.resource)) {
    return outside(`resource ${claims.resource}`);
  }
  if (claims.interaction !== undefined && scope.interactions !== undefined && !scope.interactions.includes(claims.interaction)) {
    return outside(`interaction ${claims.interaction}`);
  }
  const profile = claims.profile;
  if (profile !== undefined && scope.profiles !== undefined && !scope.profiles.some((url) => sameCanonical(url, profile))) {
    return outside(`profile ${profile}`);
  }
  if (claims.apiPack !== undefined && scope.apiPacks !== undefined && !scope.apiPacks.includes(claims.apiPack)) {
    return outside(`API pack ${claims.apiPack}`);
  }
  return undefined;
}

/**
 * Why a test does not apply, judged from the target's CapabilityStatement (the server's own claims);
 * undefined when it applies or when the statement says nothing either way.
 */
export function capabilityGap(claims: Claims | undefined, capabilities: CapabilityStatement | undefined): string | undefined {
  if (claims === undefined || capabilities === undefined) return undefined;
  const rest = capabilities.rest?.find((entry) => entry.mode === 'server');
  const says = (what: string): string => `the CapabilityStatement does not claim ${what}`;
  if (rest === undefined) return claims.resource === undefined && claims.interaction === undefined ? undefined : says('a server REST API');
  const resource = claims.resource === undefined ? undefined : rest.resource?.find((entry) => entry.type === claims.resource);
  if (claims.resource !== undefined && resource === undefined) return says(`resource ${claims.resource}`);
  if (claims.interaction !== undefined) {
    const system = systemInteractions.has(claims.interaction);
    const codes = system ? (rest.interaction ?? []).map((entry) => entry.code) : (resource?.interaction ?? []).map((entry) => entry.code);
    if (!codes.includes(claims.interaction as never)) {
      return says(system ? `the ${claims.interaction} interaction` : `${claims.interaction} on ${claims.resource ?? 'the resource'}`);
    }
  }
  for (const name of claims.searchParams ?? []) {
    if (!(resource?.searchParam ?? []).some((param) => param.name === name)) {
      return says(`search parameter ${name} on ${claims.resource ?? 'the resource'}`);
    }
  }
  if (claims.operation !== undefined) {
    const wanted = claims.operation.replace(/^\$/, '');
    const operations = [...(resource?.operation ?? []), ...(rest.operation ?? [])];
    if (!operations.some((operation) => operation.name.replace(/^\$/, '') === wanted)) return says(`operation $${wanted}`);
  }
  if (claims.profile !== undefined && resource !== undefined && listsProfiles(resource) && !supportsProfile(resource, claims.profile)) {
    return says(`profile ${claims.profile} for ${resource.type}`);
  }
  return undefined;
}

/** A resource entry that lists no profile at all says nothing about profiles. */
function listsProfiles(resource: CapabilityStatementRestResource): boolean {
  return resource.profile !== undefined || (resource.supportedProfile ?? []).length > 0;
}

function supportsProfile(resource: CapabilityStatementRestResource, profile: string): boolean {
  return [resource.profile, ...(resource.supportedProfile ?? [])].some((url) => url !== undefined && sameCanonical(url, profile));
}

/** Canonicals compare without their `|version`. */
function sameCanonical(a: string, b: string): boolean {
  return splitCanonical(a)[0] === splitCanonical(b)[0];
}
