import { expect } from 'chai';
import type { CapabilityStatement } from 'fhir/r4.js';
import { serverStatement } from '../../support/capability-statement.js';
import { sharedProfileSet } from '../../support/definitions.js';

/**
 * capabilities/valid (R4-REST-CAP-02) validates the server's CapabilityStatement with the suite's ProfileSet
 * (ctx.validate: any error fails the test). R4 allows `xml`, `json` and `ttl` in CapabilityStatement.format
 * besides MIME types (the element's comment), and servers list them (HAPI does); the HL7 validator accepts them.
 */
const statement: CapabilityStatement = { ...serverStatement, format: ['json', 'xml', 'ttl', 'application/fhir+json'] };

describe('fhir-r4-rest capabilities/valid', () => {
  it('passes a CapabilityStatement whose format lists json, xml or ttl, and still fails one that lists other non-MIME codes', async () => {
    const profiles = await sharedProfileSet('hl7.fhir.r4.core#4.0.1');
    const errors = async (resource: CapabilityStatement): Promise<string[]> =>
      (await profiles.validate(resource)).issue.filter((i) => i.severity === 'error').map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);
    expect(await errors(statement)).to.deep.equal([]);
    expect(await errors({ ...statement, format: ['json', 'html'] })).to.deep.equal([
      "CapabilityStatement.format[1]: The code html is not in the value set 'http://hl7.org/fhir/ValueSet/mimetypes|4.0.1', and a code from this value set is required (from http://hl7.org/fhir/StructureDefinition/CapabilityStatement|4.0.1)",
    ]);
  });
});
