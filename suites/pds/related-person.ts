/** A patient's related people: components/paths/relatedpersons-get.yaml and its sandbox scenarios. */
import type { RelatedPerson } from 'fhir/r4.js';
import type { Expect, HttpResponse, TestDefinition } from '../../runner/dsl/index.js';
import { defineGroup } from '../../runner/dsl/index.js';
import type { PdsInputs } from './inputs.js';
import { claimsPds, pdsHeaders } from './pds-checks.js';

/** The related people of a searchset Bundle; each has a relationship and either an NHS number or name and address. */
function relatedPeople(expect: Expect, response: HttpResponse): RelatedPerson[] {
  expect.status(response, 200);
  const bundle = expect.resource(response.json(), 'Bundle');
  expect.equal(bundle.type, 'searchset', 'Bundle.type');
  return (bundle.entry ?? []).map((entry, index) => {
    const person = expect.resource(entry.resource, 'RelatedPerson');
    expect.that((person.relationship?.length ?? 0) > 0, `Bundle.entry[${index}] RelatedPerson has a relationship`);
    const identified = /^[0-9]{10}$/.test(person.patient.identifier?.value ?? '');
    const described = (person.name?.length ?? 0) > 0 && (person.address?.length ?? 0) > 0;
    expect.that(identified || described, `Bundle.entry[${index}] RelatedPerson has an NHS number (patient.identifier) or a name and an address`);
    return person;
  });
}

function relatedTest(id: string, title: string, input: 'patientNhsNumber' | 'singleRelatedNhsNumber', count: (n: number) => boolean, expected: string): TestDefinition<PdsInputs> {
  return {
    id,
    title,
    verifies: ['PDS-REL-01'],
    claims: claimsPds,
    run: async (ctx) => {
      const nhsNumber = ctx.inputs[input];
      const people = relatedPeople(ctx.expect, await ctx.http.get(`Patient/${nhsNumber}/RelatedPerson`, { headers: pdsHeaders() }));
      ctx.expect.that(count(people.length), `patient ${nhsNumber} has ${expected} related people; ${people.length} were returned`);
    },
  };
}

export const relatedPerson = defineGroup<PdsInputs>({
  id: 'related-person',
  title: "A patient's related people",
  tests: [
    relatedTest('multiple', 'A patient with several related people gets them all', 'patientNhsNumber', (n) => n > 1, 'several'),
    relatedTest('single', 'A patient with one related person gets it', 'singleRelatedNhsNumber', (n) => n === 1, 'one'),
    {
      id: 'restricted',
      title: 'A restricted patient gets an empty Bundle',
      verifies: ['PDS-REL-02'],
      claims: claimsPds,
      run: async (ctx) => {
        const people = relatedPeople(ctx.expect, await ctx.http.get(`Patient/${ctx.inputs.restrictedNhsNumber}/RelatedPerson`, { headers: pdsHeaders() }));
        ctx.expect.that(people.length === 0, `no related people are returned for a restricted patient; ${people.length} were`);
      },
    },
  ],
});
