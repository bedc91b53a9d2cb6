/**
 * Creating a patient: components/paths/patient-create.yaml and its sandbox scenarios. Only for the
 * healthcare worker access mode, and only against a target declared writable: a create allocates an NHS
 * number.
 */
import type { TestDefinition } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import { requireAccess } from './access-mode.js';
import type { PdsInputs } from './inputs.js';
import { isValidNhsNumber } from '../../profiles/nhs/index.js';
import { claimsPds, expectSpineError, pdsHeaders } from './pds-checks.js';
import { createRequest } from './requests.js';

type Context = Parameters<TestDefinition<PdsInputs>['run']>[0];

/** POSTs the specification's create example with the given family and given names. */
async function create(ctx: Context, family: string, given: string, postalCode: string): ReturnType<Context['http']['post']> {
  requireAccess(ctx, 'create');
  return ctx.http.post('Patient', {
    headers: pdsHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify(createRequest(family, given, postalCode)),
  });
}

export const createPatient = defineGroup<PdsInputs>({
  id: 'create',
  title: 'Create a patient',
  tests: [
    {
      id: 'new-patient',
      title: 'A patient that matches no record is created with a new, valid NHS number',
      verifies: ['PDS-CRT-01'],
      claims: claimsPds,
      writes: true,
      run: async (ctx) => {
        const response = await create(ctx, ctx.inputs.createNewFamily, 'Jane', 'LS1 6AE');
        ctx.expect.status(response, 201);
        const patient = ctx.expect.resource(response.json(), 'Patient');
        const id = ctx.expect.defined(patient.id, 'Patient.id');
        ctx.expect.that(isValidNhsNumber(id), `the new patient's id ${id} is a valid NHS number`);
      },
    },
    {
      id: 'single-match',
      title: 'A patient that matches one record is not created: 200 SINGLE_MATCH with its NHS number',
      verifies: ['PDS-CRT-02'],
      claims: claimsPds,
      writes: true,
      run: async (ctx) => {
        const response = await create(ctx, ctx.inputs.createSingleMatchFamily, 'Jane', 'BAP 4WG');
        const outcome = expectSpineError(ctx.expect, response, 200, ['SINGLE_MATCH']);
        const numbers = JSON.stringify(outcome).match(/\b[0-9]{10}\b/g) ?? [];
        ctx.expect.that(numbers.some(isValidNhsNumber), 'the OperationOutcome names the matched NHS number');
      },
    },
    {
      id: 'multiple-matches',
      title: 'A patient that matches several records is not created: 200 MULTIPLE_MATCHES',
      verifies: ['PDS-CRT-03'],
      claims: claimsPds,
      writes: true,
      run: async (ctx) => {
        const response = await create(ctx, ctx.inputs.createMultipleMatchFamily, 'Louisa', 'DN19 7UD');
        expectSpineError(ctx.expect, response, 200, ['MULTIPLE_MATCHES']);
      },
    },
  ],
});
