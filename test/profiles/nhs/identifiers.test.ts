import { expect } from 'chai';
import { identifiersIn, nhsNumberSystem } from '../../../profiles/index.js';

describe('identifiers by system, anywhere in a resource', () => {
  it('finds them in the resource, in references and in contained resources, with their location, and nothing of another system', () => {
    const found = identifiersIn(
      {
        resourceType: 'Observation',
        identifier: [{ system: 'https://example.org/ids', value: 'other' }],
        subject: { identifier: { system: nhsNumberSystem, value: '9000000009' } },
        contained: [{ resourceType: 'Patient', identifier: [{ system: nhsNumberSystem, value: 12 }, { system: nhsNumberSystem }] }],
      },
      'Observation',
      (system) => system === nhsNumberSystem,
    );
    expect(found).to.deep.equal([
      { location: 'Observation.subject.identifier', system: nhsNumberSystem, value: '9000000009' },
      { location: 'Observation.contained[0].identifier[0]', system: nhsNumberSystem, value: 12 },
      { location: 'Observation.contained[0].identifier[1]', system: nhsNumberSystem, value: undefined },
    ]);
  });
});
