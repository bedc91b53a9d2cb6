import { expect } from 'chai';
import type { CapabilityStatement } from 'fhir/r4.js';
import { claimedTypes, claimsInteraction, declaredSearchParams, linkUrl, matchEntries, splitReference } from '../../../suites/common/index.js';

const statement: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2024-01-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['json'],
  rest: [
    { mode: 'client', resource: [{ type: 'Observation', interaction: [{ code: 'create' }] }] },
    {
      mode: 'server',
      resource: [
        { type: 'Patient', interaction: [{ code: 'read' }, { code: 'search-type' }], searchParam: [{ name: 'family', type: 'string', definition: 'http://hl7.org/fhir/SearchParameter/individual-family' }] },
        { type: 'Organization', interaction: [{ code: 'read' }] },
      ],
    },
  ],
};

describe('reading a CapabilityStatement', () => {
  it('answers from the server rest entry only', () => {
    expect(claimedTypes(statement)).to.deep.equal(['Patient', 'Organization']);
    expect(claimedTypes(statement, 'search-type')).to.deep.equal(['Patient']);
    expect(claimsInteraction(statement, 'Observation', 'create')).to.equal(false);
    expect(claimsInteraction(statement, 'Organization', 'read')).to.equal(true);
  });
  it('lists declared search parameters with their definitions', () => {
    expect(declaredSearchParams(statement, 'Patient')).to.deep.equal([
      { name: 'family', type: 'string', definition: 'http://hl7.org/fhir/SearchParameter/individual-family' },
    ]);
    expect(declaredSearchParams(statement, 'Organization')).to.deep.equal([]);
    expect(claimedTypes(undefined)).to.deep.equal([]);
  });
});

describe('reading a Bundle', () => {
  it('finds links and the matches among included resources', () => {
    const bundle = {
      resourceType: 'Bundle' as const,
      type: 'searchset' as const,
      link: [{ relation: 'self', url: 'http://x/Patient?family=a' }],
      entry: [
        { resource: { resourceType: 'Patient' as const, id: '1' }, search: { mode: 'match' as const } },
        { resource: { resourceType: 'Organization' as const, id: 'o' }, search: { mode: 'include' as const } },
        { resource: { resourceType: 'Patient' as const, id: '2' } },
      ],
    };
    expect(linkUrl(bundle, 'self')).to.equal('http://x/Patient?family=a');
    expect(linkUrl(bundle, 'next')).to.equal(undefined);
    expect(matchEntries(bundle, 'Patient').map((entry) => entry.resource?.id)).to.deep.equal(['1', '2']);
  });
  it('splits references relative and absolute', () => {
    expect(splitReference('Patient/123')).to.deep.equal({ type: 'Patient', id: '123' });
    expect(splitReference('https://x.example/fhir/Patient/a-1.2')).to.deep.equal({ type: 'Patient', id: 'a-1.2' });
    expect(splitReference('Patient')).to.equal(undefined);
    expect(splitReference('Patient/')).to.equal(undefined);
  });
});
