/** Searching for patients: components/paths/patient-search.yaml and its sandbox scenarios. */
import type { TestDefinition } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { type LimitedOperation, requireAccess } from './access-mode.js';
import type { PdsInputs, SearchInput } from './inputs.js';
import { claimsPds, isRestricted, locationShown, pdsHeaders } from './pds-checks.js';
import { expectMatches, searchset, tooManyMatches } from './search-results.js';

type Context = Parameters<TestDefinition<PdsInputs>['run']>[0];

/** A search test: omitted where the access mode does not allow it, then `check` on the response. */
function searchTest(
  id: string,
  title: string,
  verifies: string,
  input: SearchInput,
  check: (ctx: Context, query: string, response: Awaited<ReturnType<Context['http']['get']>>) => void,
  access: LimitedOperation = 'search',
): TestDefinition<PdsInputs> {
  return {
    id,
    title,
    verifies: [verifies],
    claims: claimsPds,
    run: async (ctx) => {
      requireAccess(ctx, 'search');
      requireAccess(ctx, access);
      const query = ctx.inputs[input];
      check(ctx, query, await ctx.http.get(`Patient?${query}`, { headers: pdsHeaders() }));
    },
  };
}

function found(ctx: Context, count: number, query: string): void {
  ctx.expect.that(count > 0, `the search ${query} finds a patient`);
}

/** The search finds patients, and only ones that match its query. */
function findsMatching(ctx: Context, query: string, response: Awaited<ReturnType<Context['http']['get']>>): void {
  const { patients } = searchset(ctx.expect, response);
  found(ctx, patients.length, query);
  expectMatches(ctx.expect, patients, query);
}

export const search = defineGroup<PdsInputs>({
  id: 'search',
  title: 'Search for patients',
  tests: [
    searchTest('searchset', 'A search returns a searchset Bundle of scored Patients, best first', 'PDS-SRCH-01', 'searchBasic', (ctx, query, response) => {
      found(ctx, searchset(ctx.expect, response).patients.length, query);
    }),
    searchTest('basic', 'A search on family, gender, birth date, email and phone finds only matching patients', 'PDS-SRCH-02', 'searchBasic', findsMatching),
    searchTest('date-range', 'A search on a birth date range finds only patients born in it', 'PDS-SRCH-02', 'searchDateRange', findsMatching),
    searchTest('no-match-contact', 'The same search with an email and phone nobody has finds no patient', 'PDS-SRCH-09', 'searchNoMatch', (ctx, query, response) => {
      const { patients } = searchset(ctx.expect, response);
      ctx.expect.that(patients.length === 0, `the search ${query} finds no patient; it found ${patients.map((p) => p.id).join(', ')}`);
    }),
    searchTest(
      'wildcard',
      'A family name with a wildcard finds patients whose name starts that way',
      'PDS-SRCH-03',
      'searchWildcard',
      findsMatching,
      'multiple-results',
    ),
    searchTest('wildcard-contact', 'A wildcard search narrowed by email and phone finds only matching patients', 'PDS-SRCH-03', 'searchWildcardContact', findsMatching),
    searchTest('max-results', 'A search returns no more patients than _max-results', 'PDS-SRCH-05', 'searchMaxResults', (ctx, query, response) => {
      const max = Number(new URLSearchParams(query).get('_max-results'));
      const { patients } = searchset(ctx.expect, response);
      ctx.expect.that(patients.length <= max, `at most ${max} patients are returned; ${patients.length} were`);
    }),
    searchTest('too-many-matches', 'More matches than _max-results give TOO_MANY_MATCHES, not a cut list', 'PDS-SRCH-06', 'searchTooManyMatches', (ctx, query, response) => {
      ctx.expect.status(response, 200);
      ctx.expect.that(tooManyMatches(response.json()), `the search ${query} answers TOO_MANY_MATCHES`);
    }),
    searchTest(
      'fuzzy-contact',
      'A fuzzy search with email and phone returns scored matches',
      'PDS-SRCH-04',
      'searchFuzzyContact',
      (ctx, query, response) => found(ctx, searchset(ctx.expect, response).patients.length, query),
      'multiple-results',
    ),
    searchTest(
      'fuzzy',
      'A fuzzy search without email or phone returns scored matches',
      'PDS-SRCH-04',
      'searchFuzzy',
      (ctx, query, response) => found(ctx, searchset(ctx.expect, response).patients.length, query),
      'multiple-results',
    ),
    searchTest('restricted', 'A restricted patient is found without address, telecom, contacts or practice', 'PDS-SRCH-07', 'searchRestricted', (ctx, query, response) => {
      const restricted = searchset(ctx.expect, response).patients.filter(isRestricted);
      ctx.expect.that(restricted.length > 0, `the search ${query} finds a patient flagged R (restricted) in meta.security`);
      for (const patient of restricted) {
        const shown = locationShown(patient, ['address', 'telecom', 'contact', 'generalPractitioner'], false);
        ctx.expect.that(shown.length === 0, `restricted patient ${patient.id ?? ''} is found with ${shown.join(', ')}`);
      }
    }),
    searchTest('compound-name', 'Repeated given parameters find a compound first name and a middle name', 'PDS-SRCH-08', 'searchCompoundName', findsMatching),
    searchTest('unmatched', 'A valid search that matches nobody returns an empty searchset', 'PDS-SRCH-09', 'searchUnmatched', (ctx, query, response) => {
      const { patients } = searchset(ctx.expect, response);
      ctx.expect.that(patients.length === 0, `the search ${query} finds no patient; it found ${patients.map((p) => p.id).join(', ')}`);
    }),
  ],
});
