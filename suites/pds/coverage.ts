/**
 * A patient's EHIC coverage: components/paths/coverage-get.yaml and coverage-post.yaml with their sandbox
 * scenarios. Only for the patient access mode; every POST only against a target declared writable.
 */
import type { Coverage } from 'fhir/r4.js';
import type { TestDefinition } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { requireAccess } from './access-mode.js';
import type { PdsInputs } from './inputs.js';
import { claimsPds, expectSpineError, pdsHeaders } from './pds-checks.js';
import { coverageRequest, ehicCardNumber } from './requests.js';

type Context = Parameters<TestDefinition<PdsInputs>['run']>[0];

async function searchCoverage(ctx: Context, nhsNumber: string): Promise<{ coverages: Coverage[]; etag: string }> {
  requireAccess(ctx, 'coverage');
  const response = await ctx.http.get(`Coverage?subscriber:identifier=${nhsNumber}`, { headers: pdsHeaders() });
  ctx.expect.status(response, 200);
  const etag = ctx.expect.header(response, 'etag', /^W\/"[0-9]+"$/);
  const bundle = ctx.expect.resource(response.json(), 'Bundle');
  ctx.expect.equal(bundle.type, 'searchset', 'Bundle.type');
  const coverages = (bundle.entry ?? []).map((entry) => ctx.expect.resource(entry.resource, 'Coverage'));
  ctx.expect.that(coverages.length <= 1, `a patient has zero or one Coverage; ${coverages.length} were returned`);
  return { coverages, etag };
}

async function postCoverage(ctx: Context, coverage: Coverage, ifMatch: string | undefined): ReturnType<Context['http']['post']> {
  requireAccess(ctx, 'coverage');
  return ctx.http.post('Coverage', {
    headers: pdsHeaders({ 'content-type': 'application/json', ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }) }),
    body: JSON.stringify(coverage),
  });
}

/**
 * A POST /Coverage test, which first reads the patient's coverage for its current version. Each one is
 * writing: a server that wrongly accepted one would replace the patient's EHIC details.
 */
function postTest(id: string, title: string, verifies: string, run: (ctx: Context, version: number) => Promise<void>): TestDefinition<PdsInputs> {
  return {
    id,
    title,
    verifies: [verifies],
    claims: claimsPds,
    dependsOn: ['has-coverage'],
    writes: true,
    run: async (ctx) => {
      const { etag } = await searchCoverage(ctx, ctx.inputs.coverageNhsNumber);
      await run(ctx, Number(/[0-9]+/.exec(etag)?.[0]));
    },
  };
}

export const coverage = defineGroup<PdsInputs>({
  id: 'coverage',
  title: "A patient's EHIC coverage",
  tests: [
    {
      id: 'has-coverage',
      title: 'A patient with EHIC details gets their Coverage and its version',
      verifies: ['PDS-COV-01'],
      claims: claimsPds,
      run: async (ctx) => {
        const nhsNumber = ctx.inputs.coverageNhsNumber;
        const { coverages } = await searchCoverage(ctx, nhsNumber);
        ctx.expect.that(coverages.length === 1, `patient ${nhsNumber} has a Coverage`);
        ctx.expect.equal(coverages[0]?.subscriber?.identifier?.value, nhsNumber, 'Coverage.subscriber.identifier.value');
      },
    },
    {
      id: 'no-coverage',
      title: 'A patient without EHIC details gets an empty Bundle and a version',
      verifies: ['PDS-COV-01'],
      claims: claimsPds,
      run: async (ctx) => {
        const { coverages } = await searchCoverage(ctx, ctx.inputs.noCoverageNhsNumber);
        ctx.expect.that(coverages.length === 0, `patient ${ctx.inputs.noCoverageNhsNumber} has no Coverage; ${coverages.length} were returned`);
      },
    },
    {
      id: 'invalid-search',
      title: 'A Coverage search in another form gives 400',
      verifies: ['PDS-COV-02'],
      claims: claimsPds,
      run: async (ctx) => {
        requireAccess(ctx, 'coverage');
        const response = await ctx.http.get(`Coverage?${ctx.inputs.coverageInvalidQuery}`, { headers: pdsHeaders() });
        expectSpineError(ctx.expect, response, 400, ['INVALID_SEARCH_DATA', 'INVALID_RESOURCE_ID']);
      },
    },
    postTest(
      'update',
      'Coverage posted with the current version is stored: 201 with the Coverage',
      'PDS-COV-03',
      async (ctx, version) => {
        const nhsNumber = ctx.inputs.coverageNhsNumber;
        const response = await postCoverage(ctx, coverageRequest(nhsNumber, ehicCardNumber), `W/"${version}"`);
        ctx.expect.status(response, 201);
        const bundle = ctx.expect.resource(response.json(), 'Bundle');
        const posted = (bundle.entry ?? []).map((entry) => ctx.expect.resource(entry.resource, 'Coverage'));
        ctx.expect.that(posted.some((item) => item.identifier?.[0]?.value === ehicCardNumber), 'the Bundle holds the posted Coverage');
      },
    ),
    postTest('missing-if-match', 'Coverage posted without If-Match gives 412 PRECONDITION_FAILED', 'PDS-COV-04', async (ctx) => {
      const response = await postCoverage(ctx, coverageRequest(ctx.inputs.coverageNhsNumber, ehicCardNumber), undefined);
      expectSpineError(ctx.expect, response, 412, ['PRECONDITION_FAILED']);
    }),
    postTest('version-mismatch', 'Coverage posted with another version gives 409 RESOURCE_VERSION_MISMATCH', 'PDS-COV-04', async (ctx, version) => {
      const response = await postCoverage(ctx, coverageRequest(ctx.inputs.coverageNhsNumber, ehicCardNumber), `W/"${version > 1 ? version - 1 : version + 1}"`);
      expectSpineError(ctx.expect, response, 409, ['RESOURCE_VERSION_MISMATCH']);
    }),
    postTest('missing-card-number', 'Coverage posted without the EHIC card number gives 400', 'PDS-COV-05', async (ctx, version) => {
      const response = await postCoverage(ctx, coverageRequest(ctx.inputs.coverageNhsNumber, undefined), `W/"${version}"`);
      ctx.expect.status(response, 400);
      ctx.expect.resource(response.json(), 'OperationOutcome');
    }),
    postTest('invalid-nhs-number', 'Coverage posted for an invalid NHS number gives 400 INVALID_RESOURCE_ID', 'PDS-COV-06', async (ctx, version) => {
      const response = await postCoverage(ctx, coverageRequest(ctx.inputs.invalidNhsNumber, ehicCardNumber), `W/"${version}"`);
      expectSpineError(ctx.expect, response, 400, ['INVALID_RESOURCE_ID']);
    }),
  ],
});
