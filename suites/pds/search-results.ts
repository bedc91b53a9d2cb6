/**
 * Reading a PDS search response (PatientSearch.yaml) and checking each returned patient against the
 * query of a non-fuzzy search: name (usual, nickname or temporary; `*` a wildcard), given names in order,
 * gender, birth date with eq/ge/le, and, for an unrestricted patient, exact phone and email. Only what the
 * search returns is checked: addresses are left out because a search may match a temporary address
 * while returning the home address.
 */
import type { Bundle, OperationOutcome, Patient } from 'fhir/r4.js';
import type { Expect, HttpResponse } from '../../runner/dsl/index.js';
import { isRestricted, spineCodes } from './pds-checks.js';

export interface SearchResult {
  readonly bundle: Bundle;
  readonly patients: readonly Patient[];
}

/** A searchset Bundle of Patients whose scores are in 0..1, best first. */
export function searchset(expect: Expect, response: HttpResponse): SearchResult {
  expect.status(response, 200);
  const bundle = expect.resource(response.json(), 'Bundle');
  expect.equal(bundle.type, 'searchset', 'Bundle.type');
  const entries = (bundle.entry ?? []).filter((entry) => entry.resource?.resourceType === 'Patient');
  const scores = entries.map((entry, index) => {
    const score = entry.search?.score;
    if (typeof score !== 'number' || score < 0 || score > 1) {
      expect.fail(`Bundle.entry[${index}].search.score is a number from 0.0 to 1.0; it is ${String(score)}`);
    }
    return score;
  });
  scores.forEach((score, index) => {
    const previous = scores[index - 1];
    expect.that(previous === undefined || previous >= score, `entries are best match first: score ${score} follows ${String(previous)}`);
  });
  return { bundle, patients: entries.map((entry) => entry.resource as Patient) };
}

/** The TOO_MANY_MATCHES answer: an OperationOutcome, or a Bundle carrying one. */
export function tooManyMatches(body: unknown): boolean {
  const resource = body as { resourceType?: string; entry?: { resource?: unknown }[] } | undefined;
  const outcomes: OperationOutcome[] =
    resource?.resourceType === 'OperationOutcome'
      ? [resource as OperationOutcome]
      : resource?.resourceType === 'Bundle'
        ? (resource.entry ?? []).flatMap((entry) => ((entry.resource as { resourceType?: string } | undefined)?.resourceType === 'OperationOutcome' ? [entry.resource as OperationOutcome] : []))
        : [];
  return outcomes.some((outcome) => spineCodes(outcome).includes('TOO_MANY_MATCHES'));
}

function textMatches(actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  const pattern = wanted
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(actual.toLowerCase());
}

function dateMatches(date: string | undefined, constraint: string): boolean {
  const match = /^(eq|ge|le)?(\d{4}-\d{2}-\d{2})$/.exec(constraint);
  if (date === undefined || !match?.[2]) return false;
  const value = date.slice(0, 10);
  switch (match[1]) {
    case 'ge':
      return value >= match[2];
    case 'le':
      return value <= match[2];
    default:
      return value === match[2];
  }
}

/** Why a returned patient does not match a non-fuzzy query; empty when it matches. */
export function mismatches(patient: Patient, query: URLSearchParams): string[] {
  const found: string[] = [];
  const names = (patient.name ?? []).filter((name) => ['usual', 'nickname', 'temp', undefined].includes(name.use));
  const family = query.get('family');
  if (family !== null && !names.some((name) => textMatches(name.family, family))) found.push(`no name has family ${family}`);
  const given = query.getAll('given');
  if (given.length > 0 && !names.some((name) => given.every((wanted, index) => textMatches(name.given?.[index], wanted)))) {
    found.push(`no name has given names ${given.join(', ')}`);
  }
  const gender = query.get('gender');
  if (gender !== null && patient.gender !== gender) found.push(`gender is ${patient.gender ?? 'absent'}, not ${gender}`);
  for (const constraint of query.getAll('birthdate')) {
    if (!dateMatches(patient.birthDate, constraint)) found.push(`birth date ${patient.birthDate ?? 'absent'} is not ${constraint}`);
  }
  if (!isRestricted(patient)) {
    for (const system of ['email', 'phone'] as const) {
      const wanted = query.get(system);
      const values = (patient.telecom ?? []).filter((contact) => contact.system === system).map((contact) => contact.value?.toLowerCase());
      if (wanted !== null && !values.includes(wanted.toLowerCase())) found.push(`no ${system} ${wanted}`);
    }
  }
  return found;
}

/** Every returned patient matches the query. */
export function expectMatches(expect: Expect, patients: readonly Patient[], query: string): void {
  const params = new URLSearchParams(query);
  for (const patient of patients) {
    const wrong = mismatches(patient, params);
    expect.that(wrong.length === 0, `patient ${patient.id ?? '(no id)'} does not match ${query}: ${wrong.join('; ')}`);
  }
}
