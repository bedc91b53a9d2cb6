/**
 * A server that accepts writes must not store an NHS number that fails its check digit. The test sends one
 * of the target's own instances of the profile, unchanged but for an NHS number made invalid, so the only
 * reason to reject it is that number; if the server stores it anyway, the test deletes what it created.
 */
import type { Resource } from 'fhir/r4.js';
import type { TestDefinition } from '../../runner/dsl/index.js';
import { identifiersIn, isValidNhsNumber, nhsNumberSystem } from '../../profiles/nhs/index.js';
import type { Catalogue, ProfileInfo } from './catalogue.js';
import { fhirHeaders } from './fhir-headers.js';
import { nhsNumberCheckDigit } from './ids.js';
import type { UkCoreInputs } from './inputs.js';
import { instancesOf } from './instances.js';

/** The number with its last digit changed until the check digit no longer holds. */
export function breakCheckDigit(nhsNumber: string): string {
  for (let step = 1; step < 10; step++) {
    const candidate = `${nhsNumber.slice(0, 9)}${(Number(nhsNumber[9]) + step) % 10}`;
    if (!isValidNhsNumber(candidate)) return candidate;
  }
  throw new Error(`no invalid neighbour of ${nhsNumber}`);
}

/** A copy of `resource` without id and meta whose first NHS number identifier is made invalid. */
function withInvalidNhsNumber(resource: Resource): { body: Resource; invalid: string } | undefined {
  const copy = structuredClone(resource) as Resource & { identifier?: { system?: string; value?: string }[] };
  delete copy.id;
  delete copy.meta;
  const identifier = copy.identifier?.find((item) => item.system === nhsNumberSystem && typeof item.value === 'string' && isValidNhsNumber(item.value));
  if (identifier?.value === undefined) return undefined;
  identifier.value = breakCheckDigit(identifier.value);
  return { body: copy, invalid: identifier.value };
}

export function rejectsInvalidNhsNumber(profile: ProfileInfo, catalogue: Catalogue): TestDefinition<UkCoreInputs> {
  return {
    id: 'rejects-invalid-nhs-number',
    title: `A ${profile.type} with an NHS number that fails the check digit is rejected`,
    verifies: [nhsNumberCheckDigit],
    claims: { resource: profile.type, profile: profile.url, interaction: 'create' },
    writes: true,
    run: async (ctx) => {
      const source =
        (await instancesOf(ctx, profile, catalogue)).map(withInvalidNhsNumber).find((candidate) => candidate !== undefined) ??
        ctx.skip(`no returned ${profile.id} instance has a valid NHS number identifier to make invalid`);
      const response = await ctx.http.post(profile.type, { json: source.body, headers: fhirHeaders() });
      if (response.status >= 200 && response.status < 300) {
        const created = response.json() as { id?: unknown } | undefined;
        const location = response.headers['location'];
        const path = typeof created?.id === 'string' ? `${profile.type}/${created.id}` : location?.match(new RegExp(`${profile.type}/[^/]+`))?.[0];
        if (path !== undefined) {
          const removed = await ctx.http.delete(path, { headers: fhirHeaders() });
          if (removed.status >= 300) ctx.note(`could not delete ${path}, created by this test: DELETE answered ${removed.status}`);
        }
        ctx.expect.fail(`the server stored a ${profile.type} with NHS number ${source.invalid}, which fails the Modulus 11 check digit (it answered ${response.status})`);
      }
      ctx.expect.status(response, [400, 422]);
      ctx.expect.resource(response.json(), 'OperationOutcome');
      ctx.note(identifiersIn(source.body, profile.type, (system) => system === nhsNumberSystem).map((found) => `sent ${found.location} = ${String(found.value)}`).join('; '));
    },
  };
}
