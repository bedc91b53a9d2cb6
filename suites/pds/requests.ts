/**
 * Request bodies the pds tests send, from the specification's request examples
 * (components/examples/requests/PatientCreate/*.json, components/examples/Coverage.json), and the
 * unchanged PATCH the update tests use so that no test alters a patient's data.
 */
import type { Coverage, Patient } from 'fhir/r4.js';
import type { Expect, HttpClient } from '../../runner/dsl/index.js';
import { pdsHeaders } from './pds-checks.js';

/** A create request as in the specification's examples: the family name and given name vary, as they do there. */
export function createRequest(family: string, given: string, postalCode: string): Patient {
  return {
    resourceType: 'Patient',
    name: [{ use: 'usual', given: [given], family, prefix: ['Mrs'], period: { start: '1986-07-01' } }],
    address: [
      {
        line: ['1 Trevelyan Square', 'Boar Lane', 'City Centre', 'Leeds', 'West Yorkshire'],
        period: { start: '2020-01-01' },
        postalCode,
        use: 'home',
        extension: [
          {
            url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AddressKey',
            extension: [
              { url: 'type', valueCoding: { code: 'UPRN', system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-AddressKeyType' } },
              { url: 'value', valueString: '203700882517' },
            ],
          },
        ],
      },
    ],
    gender: 'female',
    birthDate: '1982-07-10',
    telecom: [{ use: 'home', system: 'phone', value: '123342', period: { start: '2020-01-02', end: '2021-01-02' } }],
    extension: [
      {
        url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-RegisteringAuthority',
        extension: [
          {
            url: 'registeringAuthorityType',
            valueCodeableConcept: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/UKCore-RegisteringAuthorityType', code: 'x' }] },
          },
          { url: 'organisationIdentifier', valueString: 'RGS' },
        ],
      },
    ],
  };
}

/** The specification's Coverage example (an EHIC card) for a subscriber; `cardNumber: undefined` leaves it out. */
export function coverageRequest(nhsNumber: string, cardNumber: string | undefined): Coverage {
  return {
    resourceType: 'Coverage',
    status: 'active',
    subscriber: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } },
    identifier: [
      {
        ...(cardNumber === undefined ? {} : { value: cardNumber }),
        assigner: { identifier: { system: 'urn:iso:std:iso:3166', value: 'FRA' }, display: 'France' },
      },
    ],
    payor: [{ identifier: { value: '92847ADGJL' } }],
    beneficiary: { identifier: { value: '178705ABC' } },
    period: { end: '2030-12-31' },
  };
}

export const ehicCardNumber = '29401395498043123948';

/** The patient as it is now, with its ETag: what an update must start from. */
export async function currentPatient(http: HttpClient, expect: Expect, nhsNumber: string): Promise<{ patient: Patient; etag: string }> {
  const response = await http.get(`Patient/${nhsNumber}`, { headers: pdsHeaders() });
  expect.status(response, 200);
  return { patient: expect.resource(response.json(), 'Patient'), etag: expect.header(response, 'etag', /^W\/"[0-9]+"$/) };
}

/**
 * A PATCH body that changes nothing: it replaces the patient's gender (or, without one, its birth date) with
 * the value it already has. Used by every update test, so even a server that wrongly accepts a request
 * leaves the patient's data as it was.
 */
export function unchangedPatch(patient: Patient): { patches: { op: 'replace'; path: string; value: string }[] } | undefined {
  if (patient.gender !== undefined) return { patches: [{ op: 'replace', path: '/gender', value: patient.gender }] };
  if (patient.birthDate !== undefined) return { patches: [{ op: 'replace', path: '/birthDate', value: patient.birthDate }] };
  return undefined;
}

export const jsonPatch = 'application/json-patch+json';
