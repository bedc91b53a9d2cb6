/**
 * The tests generated for one profile: conformance of the instances the target returns, one Must Support
 * test per mustSupport element of the snapshot, NHS number and ODS code rules, reference resolution, the
 * CapabilityStatement's SHALL search parameters and, for a profile that carries NHS numbers, the rejection
 * of an invalid one. Every test fetches what it checks, so its evidence holds the exchanges it judged.
 */
import type { Resource } from 'fhir/r4.js';
import type { GroupDefinition, TestDefinition } from '../../runner/dsl/index.js';
import type { Catalogue, ProfileInfo } from './catalogue.js';
import { fhirHeaders } from './fhir-headers.js';
import { groupId, mustSupportRequirementId, mustSupportTestId, nhsNumberValid, odsCodeValid, referencesResolve, validRequirementId } from './ids.js';
import { nhsNumberProblems, odsCodeProblems } from './identifiers.js';
import type { UkCoreInputs } from './inputs.js';
import { instancesOf, type UkCoreContext } from './instances.js';
import { presence } from './presence.js';
import { serverReferences } from './references.js';
import { rejectsInvalidNhsNumber } from './nhs-number-write.js';
import { searchParamTest } from './search-params.js';

type Test = TestDefinition<UkCoreInputs>;

function label(resource: { resourceType: string; id?: string | undefined }): string {
  return `${resource.resourceType}/${resource.id ?? '(no id)'}`;
}

function validTest(profile: ProfileInfo, catalogue: Catalogue): Test {
  return {
    id: 'valid',
    title: `Returned ${profile.type} resources conform to ${profile.id}`,
    verifies: [validRequirementId(profile.id)],
    claims: { resource: profile.type, profile: profile.url },
    run: async (ctx) => {
      for (const resource of await instancesOf(ctx, profile, catalogue)) await ctx.validate(resource, profile.url);
    },
  };
}

/** The nearest Must Support element above `elementId` (`Patient.identifier:nhsNumber.system` → `Patient.identifier`). */
export function mustSupportAncestor(profile: ProfileInfo, elementId: string): string | undefined {
  let id = elementId;
  while (id.includes('.')) {
    id = id.includes(':') && id.lastIndexOf(':') > id.lastIndexOf('.') ? id.slice(0, id.lastIndexOf(':')) : id.slice(0, id.lastIndexOf('.'));
    if (profile.mustSupport.includes(id)) return id;
  }
  return undefined;
}

/** Whether any resource has a value for the element; a skip when its slice cannot be decided. */
function demonstrated(ctx: UkCoreContext, resources: readonly Resource[], elementId: string, profile: ProfileInfo): boolean {
  return resources.some((resource) => {
    const found = presence(resource, elementId, profile.snapshot);
    if ('unsupported' in found) return ctx.skip(`cannot tell which values of ${elementId} belong to its slice: ${found.unsupported} is not supported`);
    return found.present;
  });
}

/**
 * One Must Support element. An element below a Must Support element that is itself never demonstrated is
 * skipped naming that one, so a missing element is reported once, where it is missing.
 */
function mustSupportTest(profile: ProfileInfo, catalogue: Catalogue, elementId: string): Test {
  const ancestor = mustSupportAncestor(profile, elementId);
  return {
    id: mustSupportTestId(elementId),
    title: `${elementId} (Must Support) has a value in a returned ${profile.type}`,
    verifies: [mustSupportRequirementId(profile.id, elementId)],
    claims: { resource: profile.type, profile: profile.url },
    run: async (ctx) => {
      const resources = await instancesOf(ctx, profile, catalogue);
      if (demonstrated(ctx, resources, elementId, profile)) return;
      if (ancestor !== undefined && !demonstrated(ctx, resources, ancestor, profile)) {
        ctx.skip(`${ancestor}, the Must Support element ${elementId} belongs to, is itself never demonstrated`);
      }
      ctx.expect.fail(`${elementId} is never demonstrated: it has no value in any of the ${resources.length} ${profile.id} instances returned (${resources.map(label).join(', ')})`);
    },
  };
}

function identifierTest(profile: ProfileInfo, catalogue: Catalogue, id: string, requirement: string, what: string, problems: typeof nhsNumberProblems): Test {
  return {
    id,
    title: `${what} in returned ${profile.type} resources are valid`,
    verifies: [requirement],
    claims: { resource: profile.type, profile: profile.url },
    run: async (ctx) => {
      const found = (await instancesOf(ctx, profile, catalogue)).flatMap((resource) => problems(resource).map((problem) => `${label(resource)} ${problem}`));
      ctx.expect.that(found.length === 0, found.join('; '));
    },
  };
}

function referencesTest(profile: ProfileInfo, catalogue: Catalogue): Test {
  return {
    id: 'references-resolve',
    title: `References in returned ${profile.type} resources resolve on the server`,
    verifies: [referencesResolve],
    claims: { resource: profile.type, profile: profile.url },
    run: async (ctx) => {
      const references = (await instancesOf(ctx, profile, catalogue)).flatMap((resource) => serverReferences(resource, label(resource), ctx.target.baseUrl));
      const distinct = [...new Map(references.map((reference) => [reference.path, reference])).values()].slice(0, ctx.inputs.maxReferences);
      if (distinct.length === 0) ctx.omit(`the returned ${profile.id} instances make no literal reference to this server`);
      for (const reference of distinct) {
        const response = await ctx.http.get(reference.path, { headers: fhirHeaders() });
        const body = response.status === 200 ? (response.json() as { resourceType?: unknown; id?: unknown }) : undefined;
        ctx.check(
          body?.resourceType === reference.type && body.id === reference.id,
          `${reference.location} = ${reference.path} does not resolve: reading it answered ${response.status}${body === undefined ? '' : ` with ${String(body.resourceType)}/${String(body.id)}`}`,
        );
      }
    },
  };
}

/** The group of tests for one profile. */
export function profileGroup(profile: ProfileInfo, catalogue: Catalogue): GroupDefinition<UkCoreInputs> {
  return {
    id: groupId(profile.id),
    title: `${profile.id} (${profile.url}${profile.version === undefined ? '' : `|${profile.version}`})`,
    tests: [
      validTest(profile, catalogue),
      ...profile.mustSupport.map((elementId) => mustSupportTest(profile, catalogue, elementId)),
      identifierTest(profile, catalogue, 'nhs-number', nhsNumberValid, 'NHS numbers', nhsNumberProblems),
      identifierTest(profile, catalogue, 'ods-code', odsCodeValid, 'ODS codes', odsCodeProblems),
      referencesTest(profile, catalogue),
      ...profile.searchParams.map((param) => searchParamTest(profile, catalogue, param)),
      ...(profile.carriesNhsNumber ? [rejectsInvalidNhsNumber(profile, catalogue)] : []),
    ],
  };
}
