import { expect } from 'chai';
import type { OperationOutcome } from 'fhir/r4.js';
import { expectedStatuses, nhsErrorCodings, statusFits } from '../../../suites/nhs-api/nhs-error.js';

function outcome(...codings: { system: string; code: string }[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', details: { coding: codings } }] };
}

describe('NHS error codes in an OperationOutcome', () => {
  it('finds codes by CodeSystem URL or the PDS alias, and knows which are defined', () => {
    const found = nhsErrorCodings(
      outcome(
        { system: 'https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode', code: 'INVALID_RESOURCE_ID' },
        { system: 'https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode', code: 'NO_SUCH_CODE' },
        { system: 'http://terminology.hl7.org/CodeSystem/operation-outcome', code: 'MSG_NO_EXIST' },
      ),
    );
    expect(found.map((c) => [c.codeSystem.name, c.code, c.defined])).to.deep.equal([
      ['Spine-ErrorOrWarningCode', 'INVALID_RESOURCE_ID', true],
      ['NHSD-API-ErrorOrWarningCode', 'NO_SUCH_CODE', false],
    ]);
  });

  it('matches a status to the code, any 4xx or 5xx where the sources give none', () => {
    const [notFound, failure] = nhsErrorCodings(
      outcome(
        { system: 'https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode', code: 'RESOURCE_NOT_FOUND' },
        { system: 'https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode', code: 'FAILURE_TO_PROCESS_MESSAGE' },
      ),
    );
    if (notFound === undefined || failure === undefined) throw new Error('codings not found');
    expect(statusFits(notFound, 404)).to.equal(true);
    expect(statusFits(notFound, 400)).to.equal(false);
    expect(expectedStatuses(notFound)).to.equal('404');
    expect(statusFits(failure, 500)).to.equal(true);
    expect(statusFits(failure, 200)).to.equal(false);
    expect(expectedStatuses(failure)).to.equal('4xx or 5xx');
  });
});
