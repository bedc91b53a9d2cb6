import type { OperationOutcome } from 'fhir/r4.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { parsedBody } from '../common/index.js';
import { errorProbes } from './exchange.js';
import { expectedStatuses, nhsErrorCodings, statusFits } from './nhs-error.js';
import type { inputs } from './spec.js';

/** Errors as OperationOutcomes carrying NHS England error codes, with the status each code goes with. */
export const errors = defineGroup<typeof inputs>({
  id: 'errors',
  title: 'Errors and NHS error codes',
  tests: [
    {
      id: 'nhs-error-code',
      title: 'Error responses carry an OperationOutcome with an NHS England error code',
      verifies: ['NHS-API-ERR-01'],
      run: async (ctx) => {
        for (const { what, response } of await errorProbes(ctx)) {
          const body = parsedBody(response) as OperationOutcome | undefined;
          if (!ctx.check(body?.resourceType === 'OperationOutcome', `${what} returned ${response.status} without an OperationOutcome`)) continue;
          const codings = nhsErrorCodings(body as OperationOutcome);
          if (!ctx.check(codings.length > 0, `${what} (${response.status}): no issue.details.coding from an NHS England error CodeSystem`)) continue;
          for (const coding of codings.filter((c) => !c.defined)) {
            ctx.check(false, `${what} (${response.status}): ${coding.code} is not a code of ${coding.codeSystem.name} (${coding.system})`);
          }
        }
      },
    },
    {
      id: 'status-matches-code',
      title: 'The HTTP status matches the NHS error code',
      verifies: ['NHS-API-ERR-02'],
      run: async (ctx) => {
        let judged = 0;
        for (const { what, response } of await errorProbes(ctx)) {
          const body = parsedBody(response) as OperationOutcome | undefined;
          const codings = body?.resourceType === 'OperationOutcome' ? nhsErrorCodings(body).filter((c) => c.defined) : [];
          for (const coding of codings) {
            judged += 1;
            ctx.check(statusFits(coding, response.status), `${what}: ${coding.code} came with ${response.status}, expected ${expectedStatuses(coding)}`);
          }
        }
        if (judged === 0) ctx.skip('no error response carried a defined NHS England error code to judge (see errors/nhs-error-code)');
      },
    },
  ],
});
