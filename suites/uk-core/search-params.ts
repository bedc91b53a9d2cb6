/**
 * A search parameter the UK Core CapabilityStatement marks SHALL: the test takes a value from a returned
 * instance (the SearchParameter's FHIRPath expression, evaluated with fhirpath.js) and searches with it;
 * the instance must be among the matches. Token, string, date and reference parameters are supported.
 */
import fhirpath, { type Model } from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import type { Bundle } from 'fhir/r4.js';
import type { TestDefinition } from '../../runner/dsl/index.js';
import type { Catalogue, ProfileInfo, SearchParamInfo } from './catalogue.js';
import { searchRequirementId, slug } from './ids.js';
import { fhirHeaders } from './fhir-headers.js';
import type { UkCoreInputs } from './inputs.js';
import { instancesOf } from './instances.js';

type Json = Record<string, unknown>;

/** The search value a FHIRPath result gives for a parameter type, or undefined. */
export function searchValue(type: string, value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return type === 'date' ? String(value).slice(0, 10) : String(value);
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const item = value as Json;
  switch (type) {
    case 'token': {
      const coding = (Array.isArray(item['coding']) ? (item['coding'] as Json[])[0] : item) ?? {};
      const code = coding['code'] ?? coding['value'];
      if (typeof code !== 'string') return undefined;
      return typeof coding['system'] === 'string' ? `${coding['system']}|${code}` : code;
    }
    case 'string': {
      const given: unknown = Array.isArray(item['given']) ? (item['given'] as unknown[])[0] : undefined;
      const text = item['family'] ?? given ?? item['city'] ?? item['text'];
      return typeof text === 'string' ? text : undefined;
    }
    case 'reference':
      return typeof item['reference'] === 'string' ? item['reference'] : undefined;
    case 'date':
      return typeof item['start'] === 'string' ? item['start'].slice(0, 10) : undefined;
    default:
      return undefined;
  }
}

export function searchParamTest(profile: ProfileInfo, catalogue: Catalogue, param: SearchParamInfo): TestDefinition<UkCoreInputs> {
  return {
    id: `search-${slug(param.name)}`,
    title: `${profile.type} can be searched by ${param.name}`,
    verifies: [searchRequirementId(profile.type, param.name)],
    claims: { resource: profile.type, profile: profile.url },
    run: async (ctx) => {
      const expression = param.expression ?? ctx.skip(`no SearchParameter definition of ${profile.type}.${param.name} is loaded`);
      const candidates = (await instancesOf(ctx, profile, catalogue)).flatMap((resource) => {
        const results = fhirpath.evaluate(resource, expression, undefined, r4 as unknown as Model) as unknown[];
        const value = results.map((result) => searchValue(param.type, result)).find((found) => found !== undefined);
        return value === undefined || resource.id === undefined ? [] : [{ resource, value }];
      });
      const candidate = candidates[0] ?? ctx.skip(`no returned ${profile.id} instance has a ${param.type} value for ${param.name} (${expression})`);
      const response = await ctx.http.get(`${profile.type}?${param.name}=${encodeURIComponent(candidate.value)}`, { headers: fhirHeaders() });
      ctx.expect.status(response, 200);
      const bundle: Bundle = ctx.expect.resource(response.json(), 'Bundle');
      const ids = (bundle.entry ?? []).map((entry) => entry.resource?.id);
      ctx.expect.that(ids.includes(candidate.resource.id), `searching ${param.name}=${candidate.value} finds ${profile.type}/${candidate.resource.id ?? ''}`);
    },
  };
}
