import type { OperationOutcomeIssue, Resource } from 'fhir/r4.js';
import { splitCanonical } from '../../profiles/index.js';
import type { ServedType } from '../content.js';
import type { SandboxContext } from '../context.js';
import { nhsErrorCodes } from '../nhs-error-codes.js';
import { invalidNhsNumbers } from '../nhs-number.js';
import { FhirError } from '../outcome.js';

const idPattern = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Checks a resource a client wants stored, before anything is stored: the right type (400), the id
 * rule of update (400), NHS numbers (422) and validity against its UK Core profile (422, the validator
 * decides). Runs before the synchronous commit, so a transaction can check every entry first.
 */
export async function checkWrite(ctx: SandboxContext, served: ServedType, body: unknown, urlId: string | undefined): Promise<Resource> {
  const resource = body as Partial<Resource> & Record<string, unknown>;
  if (resource.resourceType !== served.type) {
    throw new FhirError(400, 'invalid', nhsErrorCodes.invalidValue, `the body is a ${String(resource.resourceType ?? 'resource without resourceType')}, not a ${served.type}`, {
      expression: 'resourceType',
    });
  }
  if (urlId !== undefined && !ctx.defects.has('update-accepts-wrong-id')) {
    if (resource.id === undefined) throw new FhirError(400, 'required', nhsErrorCodes.missingValue, `an update must carry the id ${urlId} in the body`, { expression: `${served.type}.id` });
    if (resource.id !== urlId) throw new FhirError(400, 'invalid', nhsErrorCodes.invalidValue, `the body's id ${String(resource.id)} is not the id in the URL (${urlId})`, { expression: `${served.type}.id` });
  } else if (urlId === undefined && resource.id !== undefined && (typeof resource.id !== 'string' || !idPattern.test(resource.id))) {
    throw new FhirError(400, 'value', nhsErrorCodes.invalidValue, `id ${JSON.stringify(resource.id)} is not a FHIR id`, { expression: `${served.type}.id` });
  }
  const nhsNumbers = ctx.defects.has('accepts-invalid-nhs-number') ? [] : invalidNhsNumbers(resource, served.type);
  const [first] = nhsNumbers;
  if (first !== undefined) {
    throw new FhirError(422, 'value', nhsErrorCodes.unprocessableEntity, `${first.value} is not a valid NHS number: it fails the Modulus 11 check digit`, {
      expression: first.expression,
    });
  }
  await validateAgainstProfile(ctx, served, resource as Resource);
  return resource as Resource;
}

/**
 * A write must be valid against the profiles it claims in meta.profile (the validator checks those
 * itself) and, when it claims none of the type's UK Core profiles, against the type's UK Core profile.
 */
async function validateAgainstProfile(ctx: SandboxContext, served: ServedType, resource: Resource): Promise<void> {
  const claims = resource.meta?.profile ?? [];
  const claimsUkCore = claims.some((p) => served.supportedProfiles.includes(splitCanonical(p)[0]));
  const profiles = served.profile !== undefined && !claimsUkCore ? [served.profile] : [];
  const outcome = await ctx.profiles.validate(resource, { profiles });
  const errors = outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal').filter((i) => !excusedByDefect(ctx, resource, i));
  if (errors.length === 0) return;
  const against = profiles.length > 0 ? profiles : claims;
  throw new FhirError(422, 'processing', nhsErrorCodes.unprocessableEntity, `${served.type} is not valid against ${against.join(', ') || 'the base FHIR specification'}: ${errors.length} error(s)`, {
    issues: errors,
  });
}

/** With accepts-invalid-nhs-number on, the validator's own NHS number findings are let through too. */
function excusedByDefect(ctx: SandboxContext, resource: Resource, issue: OperationOutcomeIssue): boolean {
  if (!ctx.defects.has('accepts-invalid-nhs-number')) return false;
  const locations = invalidNhsNumbers(resource, resource.resourceType).map((n) => n.expression.replace(/\.value$/, ''));
  return (issue.expression ?? []).some((e) => locations.some((l) => e.startsWith(l)));
}
