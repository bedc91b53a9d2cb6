import { expect } from 'chai';
import { BaseUrl } from '../../../runner/transport/base-url.js';

/** What the URL parser makes of `reference` against `base`. */
function parsed(reference: string, base: string): { origin: string; path: string; href: string } {
  const url = new URL(reference, base);
  return { origin: url.origin, path: `${url.pathname}${url.search}`, href: url.href };
}

const references = [
  'Patient/9000000009',
  'Patient?family=Smith&_count=5',
  'Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009',
  'Observation?code=http://loinc.org|1234-5&date=ge2020-01-01&_include=Observation:patient',
  'metadata',
  'Patient/',
  'Patient/1/_history/2',
  '',
  '.',
  '..',
  './Patient',
  '../Patient',
  'Patient/../Observation',
  'Patient/./1',
  '/Patient',
  '//other.example/x',
  'https://other.example/fhir/Patient',
  'urn:uuid:1',
  'Patient:1',
  'Patient//1',
  'Patient?name=a b',
  "Patient?name=o'brien",
  'Patient?name="quoted"',
  'Patient?name=<x>',
  'Patient#fragment',
  'Patient?q=1#fragment',
  'Patient 1',
  'Patient/caf\u00e9',
  'Patient?name=caf\u00e9',
  'Patient\\1',
  'Patient/%41',
  'Patient?x=%zz&y=%41',
  'Patient?a=1?b=2',
  'Patient/$everything',
  'Patient/1/$everything?_count=10',
  'Patient;v=1',
];

describe('BaseUrl', () => {
  for (const base of ['http://127.0.0.1:8080/fhir/', 'https://EXAMPLE.org:443/R4/', 'https://example.org', 'https://user:pw@example.org/fhir/', 'https://example.org/fhir', 'https://example.org/fhir/?x=1']) {
    it(`resolves every kind of reference against ${base} exactly as the URL parser does`, () => {
      const resolver = new BaseUrl(base);
      for (const reference of references) {
        expect(resolver.resolve(reference), JSON.stringify(reference)).to.deep.equal(parsed(reference, base));
      }
    });
  }
});
