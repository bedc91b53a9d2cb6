import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { deriveSearchValue, nonMatchingValue } from '../../../suites/fhir-r4-rest/search-values.js';
import type { SearchParameterDefinition } from '../../../suites/fhir-r4-rest/search-values.js';
import { sharedPackageCache } from '../../support/paths.js';

/** A SearchParameter as the R4 core package ships it. */
function core(id: string): SearchParameterDefinition {
  const file = join(sharedPackageCache, 'hl7.fhir.r4.core#4.0.1', 'package', `SearchParameter-${id}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as SearchParameterDefinition;
}

const patient = {
  resourceType: 'Patient',
  id: 'p1',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }],
  name: [{ family: 'Smith', given: ['Jo'] }],
  gender: 'female',
  birthDate: '1980-02-03',
  address: [{ line: ['1 High Street'], city: 'Leeds', postalCode: 'LS1 6AE' }],
  generalPractitioner: [{ reference: 'Organization/o1' }],
};

const observation = {
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: { coding: [{ system: 'http://snomed.info/sct', code: '27113001' }] },
  subject: { reference: 'Patient/p1' },
  effectiveDateTime: '2020-01-01T10:00:00Z',
  valueQuantity: { value: 72.5, system: 'http://unitsofmeasure.org', code: 'kg' },
};

describe('deriving a search value from a resource with a core SearchParameter', () => {
  it('writes strings, tokens and dates the way a query takes them', () => {
    expect(deriveSearchValue(patient, core('individual-family'))).to.deep.equal({ value: 'Smith' });
    expect(deriveSearchValue(patient, core('Patient-identifier'))).to.deep.equal({ value: 'https://fhir.nhs.uk/Id/nhs-number|9000000009' });
    expect(deriveSearchValue(patient, core('individual-gender'))).to.deep.equal({ value: 'female' });
    expect(deriveSearchValue(patient, core('individual-birthdate'))).to.deep.equal({ value: 'eq1980-02-03' });
    expect(deriveSearchValue(patient, core('individual-address'))).to.deep.equal({ value: 'Leeds' });
  });

  it('follows references, including the resolve() is Patient form of shared parameters', () => {
    expect(deriveSearchValue(patient, core('Patient-general-practitioner'))).to.deep.equal({ value: 'Organization/o1' });
    expect(deriveSearchValue(observation, core('clinical-patient'))).to.deep.equal({ value: 'Patient/p1' });
    expect(deriveSearchValue({ ...observation, subject: { reference: 'Group/g1' } }, core('clinical-patient'))).to.deep.equal({
      reason: 'the resource has no value for it',
    });
  });

  it('handles choice types and quantities', () => {
    expect(deriveSearchValue(observation, core('clinical-date'))).to.deep.equal({ value: 'eq2020-01-01T10:00:00Z' });
    expect(deriveSearchValue(observation, core('Observation-value-quantity'))).to.deep.equal({ value: '72.5|http://unitsofmeasure.org|kg' });
  });

  it('says why when no value can be derived', () => {
    expect(deriveSearchValue(observation, core('Observation-code-value-quantity'))).to.deep.equal({ reason: 'it is a composite parameter' });
    expect(deriveSearchValue({ resourceType: 'Patient' }, core('individual-family'))).to.deep.equal({ reason: 'the resource has no value for it' });
    expect(deriveSearchValue({ ...patient, generalPractitioner: [{ reference: '#contained' }] }, core('Patient-general-practitioner'))).to.deep.equal({
      reason: 'the resource has no value of a searchable form for it',
    });
  });
});

describe('a value the sample does not match, to show a parameter is not ignored', () => {
  it('differs from the derived value in a way the parameter type can express', () => {
    expect(nonMatchingValue('string', 'Smith')).to.equal('assay-no-match-zqxv');
    expect(nonMatchingValue('token', 'true')).to.equal('false');
    expect(nonMatchingValue('token', 'https://fhir.nhs.uk/Id/nhs-number|9000000009')).to.equal('urn:assay:no-match|assay-no-match');
    expect(nonMatchingValue('date', 'eq1980-02-03')).to.equal('eq1066-10-14');
    expect(nonMatchingValue('date', 'ge2020-01-01')).to.equal('le1066-10-14');
    expect(nonMatchingValue('reference', 'Organization/o1')).to.equal('Organization/assay-no-match');
  });
});
