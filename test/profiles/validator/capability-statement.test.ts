import { expect } from 'chai';
import { createValidator } from '../../../profiles/validator/index.js';
import { serverStatement } from '../../support/capability-statement.js';
import { sharedDefinitions } from '../../support/definitions.js';

describe('CapabilityStatement rules', () => {
  it('reports a search parameter whose type is not its definition\'s, and accepts the short formats', async () => {
    const validator = createValidator(await sharedDefinitions('hl7.fhir.r4.core#4.0.1'));
    const statement = {
      ...serverStatement,
      format: ['xml', 'json', 'ttl'],
      rest: [
        {
          mode: 'server',
          resource: [
            {
              type: 'AllergyIntolerance',
              searchParam: [
                { name: 'clinical-status', definition: 'http://hl7.org/fhir/SearchParameter/AllergyIntolerance-clinical-status', type: 'date' },
                { name: 'code', definition: 'http://hl7.org/fhir/SearchParameter/clinical-code', type: 'token' },
                { name: 'local', definition: 'http://example.org/SearchParameter/unknown', type: 'string' },
              ],
            },
          ],
        },
      ],
    };
    const errors = (await validator.validate(statement)).issue.filter((i) => i.severity === 'error').map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);
    expect(errors).to.deep.equal([
      "CapabilityStatement.rest[0].resource[0].searchParam[0]: Type mismatch - SearchParameter 'http://hl7.org/fhir/SearchParameter/AllergyIntolerance-clinical-status|4.0.1' type is token, but type here is date",
    ]);
  });
});
