import type { Bundle } from 'fhir/r4.js';
import type { HttpResponse } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { claimsInteraction, matchEntries, parsedBody, requestHeaders, resourceTypeOf } from '../common/index.js';
import type { Ctx, inputs, outputs } from './spec.js';

/** Patient data behind authentication: no credentials, an expired token, a token for someone else. */

/** The Patient requests probed: a search and, when one is found with the run's credentials, a read. */
async function patientPaths(ctx: Ctx): Promise<string[]> {
  const canRead = claimsInteraction(ctx.capabilities, 'Patient', 'read');
  const canSearch = claimsInteraction(ctx.capabilities, 'Patient', 'search-type');
  if (!canRead && !canSearch) ctx.omit('the CapabilityStatement claims neither read nor search on Patient: no patient data to protect');
  if (!canSearch) return [];
  const found = await ctx.http.get('Patient?_count=1', { headers: requestHeaders() });
  const bundle = found.status === 200 ? (found.json() as Bundle) : undefined;
  const id = bundle?.resourceType === 'Bundle' ? matchEntries(bundle, 'Patient')[0]?.resource?.id : undefined;
  return ['Patient?_count=1', ...(canRead && id !== undefined ? [`Patient/${id}`] : [])];
}

/** Whether a response body carries a Patient, on its own or in a Bundle. */
function carriesPatient(response: HttpResponse): boolean {
  const type = resourceTypeOf(response);
  if (type === 'Patient') return true;
  return type === 'Bundle' && ((parsedBody(response) as Bundle).entry ?? []).some((entry) => entry.resource?.resourceType === 'Patient');
}

/** Sends each Patient probe with `headers` instead of the run's credentials; checks the refusal. */
async function refused(ctx: Ctx, what: string, headers: Readonly<Record<string, string>>, statuses: readonly number[]): Promise<void> {
  const paths = await patientPaths(ctx);
  if (paths.length === 0) ctx.skip('Patient search is not claimed, so no Patient request could be formed');
  for (const path of paths) {
    const response = await ctx.http.get(path, { headers: requestHeaders({ ...headers }), auth: false });
    ctx.check(statuses.includes(response.status), `GET ${path} ${what} returned ${response.status}, expected ${statuses.join(' or ')}`);
    ctx.check(!carriesPatient(response), `GET ${path} ${what} returned Patient data`);
  }
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export const auth = defineGroup<typeof inputs, typeof outputs>({
  id: 'auth',
  title: 'Authentication',
  tests: [
    {
      id: 'no-credentials',
      title: 'Patient data is refused (401 or 403) without credentials',
      verifies: ['SEC-AUTH-01'],
      run: async (ctx) => {
        await refused(ctx, 'without credentials', {}, [401, 403]);
      },
    },
    {
      id: 'no-credentials-outcome',
      title: 'The refusal carries an OperationOutcome',
      verifies: ['SEC-AUTH-02'],
      run: async (ctx) => {
        let refusals = 0;
        for (const path of await patientPaths(ctx)) {
          const response = await ctx.http.get(path, { headers: requestHeaders(), auth: false });
          if (response.status !== 401 && response.status !== 403) {
            ctx.note(`GET ${path} without credentials returned ${response.status} (see auth/no-credentials); left out`);
            continue;
          }
          refusals += 1;
          ctx.check(resourceTypeOf(response) === 'OperationOutcome', `GET ${path} without credentials: the ${response.status} carries no OperationOutcome`);
        }
        if (refusals === 0) ctx.skip('no request without credentials was refused, so there was no refusal to examine');
      },
    },
    {
      id: 'expired-token',
      title: 'An expired access token is rejected with 401',
      verifies: ['SEC-AUTH-03'],
      run: async (ctx) => {
        const token = ctx.inputs.expiredToken ?? ctx.skip('input expiredToken is not set (an expired token from the target\'s issuer)');
        await refused(ctx, 'with an expired token', bearer(token), [401]);
      },
    },
    {
      id: 'wrong-audience',
      title: 'A token for another audience is rejected with 401 or 403',
      verifies: ['SEC-AUTH-04'],
      run: async (ctx) => {
        const token = ctx.inputs.wrongAudienceToken ?? ctx.skip('input wrongAudienceToken is not set (a token from the target\'s issuer for another audience)');
        await refused(ctx, 'with a token for another audience', bearer(token), [401, 403]);
      },
    },
  ],
});
