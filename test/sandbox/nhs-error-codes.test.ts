import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nhsErrorCodes } from '../../sandbox/nhs-error-codes.js';
import { invalidNhsNumbers } from '../../sandbox/nhs-number.js';
import { sharedDir } from '../support/paths.js';

describe('sandbox: NHS error codes and NHS numbers', () => {
  it('uses only codes the NHS England CodeSystems define, with their exact displays', () => {
    const dir = join(sharedDir, 'nhs/codesystems');
    const published = new Map<string, string>();
    for (const file of readdirSync(dir)) {
      const system = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { url: string; concept: { code: string; display: string }[] };
      for (const concept of system.concept) published.set(`${system.url}|${concept.code}`, concept.display);
    }
    for (const [name, code] of Object.entries(nhsErrorCodes)) {
      expect(published.get(`${code.system}|${code.code}`), name).to.equal(code.display);
    }
  });

  it('finds invalid NHS numbers anywhere in a resource, with their location', () => {
    const system = 'https://fhir.nhs.uk/Id/nhs-number';
    const found = invalidNhsNumbers(
      { resourceType: 'Observation', subject: { identifier: { system, value: '1234567890' } }, contained: [{ resourceType: 'Patient', identifier: [{ system, value: '9000000009' }, { system, value: '12' }] }] },
      'Observation',
    );
    expect(found).to.deep.equal([
      { expression: 'Observation.subject.identifier.value', value: '1234567890' },
      { expression: 'Observation.contained[0].identifier[1].value', value: '12' },
    ]);
  });
});
