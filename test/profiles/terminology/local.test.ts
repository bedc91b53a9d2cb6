import { expect } from 'chai';
import { LocalTerminology } from '../../../profiles/terminology/index.js';
import { sharedDefinitions } from '../../support/definitions.js';

describe('local terminology', function () {
  this.timeout(60_000);
  let terminology: LocalTerminology;

  before(async () => {
    terminology = new LocalTerminology(await sharedDefinitions('fhir.r4.ukcore.stu2#2.0.2'));
  });

  it('expands is-a filters over a loaded code system, minus what the value set excludes', () => {
    const valueSet = 'http://terminology.hl7.org/ValueSet/v3-ActEncounterCode';
    const actCode = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
    expect(terminology.checkMembership(valueSet, { system: actCode, code: 'AMB' })).to.deep.equal({ result: 'member', display: 'ambulatory' });
    expect(terminology.checkMembership(valueSet, { system: actCode, code: '_ActEncounterCode' })).to.deep.equal({ result: 'not-member' });
    expect(terminology.checkMembership(valueSet, { system: actCode, code: 'AMBULANCE' })).to.deep.equal({ result: 'not-member' });
    expect(terminology.checkMembership(valueSet, { system: 'http://example.org/other', code: 'AMB' })).to.deep.equal({ result: 'not-member' });
  });

  it('checks a bare code (no system) against every system the value set includes', () => {
    expect(terminology.checkMembership('http://hl7.org/fhir/ValueSet/administrative-gender', { code: 'female' })).to.deep.equal({ result: 'member', display: 'Female' });
    expect(terminology.checkMembership('http://hl7.org/fhir/ValueSet/administrative-gender', { code: 'f' })).to.deep.equal({ result: 'not-member' });
  });

  it('says it cannot decide what needs a terminology server, and why', () => {
    expect(terminology.checkMembership('https://fhir.hl7.org.uk/ValueSet/UKCore-MedicationForm', { system: 'http://snomed.info/sct', code: '385055001' })).to.deep.equal({
      result: 'unknown',
      reason: 'code system http://snomed.info/sct is only partly available locally (content is not complete)',
    });
    expect(terminology.checkMembership('http://example.org/ValueSet/missing', { system: 'http://example.org', code: 'x' })).to.deep.equal({
      result: 'unknown',
      reason: 'value set http://example.org/ValueSet/missing is not available locally',
    });
  });

  it('decides grammar-based code systems (UCUM, MIME types) by their grammar', async () => {
    expect(await terminology.lookup('http://unitsofmeasure.org', 'mg/dL')).to.deep.equal({ result: 'found', displays: [] });
    expect(await terminology.lookup('http://unitsofmeasure.org', 'furlongs')).to.deep.equal({ result: 'not-found' });
    expect(terminology.checkMembership('http://hl7.org/fhir/ValueSet/mimetypes', { system: 'urn:ietf:bcp:13', code: 'application/fhir+json' })).to.deep.equal({ result: 'member' });
    expect(terminology.checkMembership('http://hl7.org/fhir/ValueSet/mimetypes', { system: 'urn:ietf:bcp:13', code: 'xml' })).to.deep.equal({ result: 'not-member' });
  });

  it('looks codes up in loaded code systems, with their displays', async () => {
    expect(await terminology.lookup('http://hl7.org/fhir/administrative-gender', 'male')).to.deep.equal({ result: 'found', displays: ['Male'] });
    expect(await terminology.lookup('http://hl7.org/fhir/administrative-gender', 'mail')).to.deep.equal({ result: 'not-found' });
  });
});
