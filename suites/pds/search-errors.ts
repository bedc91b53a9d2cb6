/** Searches PDS rejects: the 400 scenarios of components/paths/patient-search.yaml. */
import type { TestDefinition } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { requireAccess } from './access-mode.js';
import type { PdsInputs, SearchInput } from './inputs.js';
import { claimsPds, expectSpineError, pdsHeaders } from './pds-checks.js';


function rejected(id: string, title: string, verifies: string, input: SearchInput | undefined, codes: readonly string[]): TestDefinition<PdsInputs> {
  return {
    id,
    title,
    verifies: [verifies],
    claims: claimsPds,
    run: async (ctx) => {
      requireAccess(ctx, 'search');
      const query = input === undefined ? '' : ctx.inputs[input];
      const response = await ctx.http.get(query === '' ? 'Patient' : `Patient?${query}`, { headers: pdsHeaders() });
      expectSpineError(ctx.expect, response, 400, codes);
    },
  };
}

export const searchErrors = defineGroup<PdsInputs>({
  id: 'search-errors',
  title: 'Searches that are rejected',
  tests: [
    rejected('invalid-parameter', 'An unrecognised parameter with invalid values gives 400', 'PDS-SRCH-10', 'searchInvalidParameter', [
      'ADDITIONAL_PROPERTIES',
      'INVALID_VALUE',
      'INVALID_SEARCH_DATA',
    ]),
    rejected('contact-only', 'A search on email and phone only gives 400 INVALID_SEARCH_DATA', 'PDS-SRCH-11', 'searchContactOnly', ['INVALID_SEARCH_DATA']),
    rejected('too-few-parameters', 'A search without a birth date gives 400 INVALID_SEARCH_DATA', 'PDS-SRCH-11', 'searchTooFew', ['INVALID_SEARCH_DATA']),
    rejected('invalid-date', 'A birth date not in the format YYYY-MM-DD gives 400', 'PDS-SRCH-12', 'searchInvalidDate', ['INVALID_VALUE', 'INVALID_SEARCH_DATA']),
    rejected('no-parameters', 'A search with no parameters gives 400 UNSUPPORTED_SERVICE', 'PDS-SRCH-13', undefined, ['UNSUPPORTED_SERVICE']),
    rejected('invalid-max-results', 'A _max-results above 50 gives 400 INVALID_VALUE', 'PDS-SRCH-14', 'searchInvalidMaxResults', ['INVALID_VALUE']),
  ],
});
