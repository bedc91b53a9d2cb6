import fhirpath from 'fhirpath';
import type { Model } from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4/index.js';
import type { CanonicalIndex } from '../../profiles/index.js';

export type SearchParamType = 'token' | 'string' | 'date' | 'reference' | 'uri';

/** A value a search parameter's expression selected, with its FHIR type (e.g. `Identifier`, `code`). */
export interface SelectedValue {
  readonly type: string;
  readonly value: unknown;
}

/** One search parameter the sandbox declares and implements for one resource type. */
export interface SearchParam {
  readonly code: string;
  readonly type: SearchParamType;
  /** The canonical of the R4 core SearchParameter it implements (CapabilityStatement `definition`). */
  readonly definition: string;
  /** For references: the resource types it may point at. */
  readonly targets: readonly string[];
  readonly select: (resource: object) => readonly SelectedValue[];
}

/**
 * The search parameters the sandbox declares per resource type, by their R4 core codes. UK Core 2.0.2's
 * CapabilityStatement lists no search parameters (and marks none SHALL), so this is the sandbox's own
 * choice: the parameters clinical and demographic clients use, covering every parameter type it supports
 * (token, string, date, reference, uri). `_id`, `_lastUpdated` and `_profile` are declared for every type.
 */
export const declaredSearchParams: Readonly<Record<string, readonly string[]>> = {
  AllergyIntolerance: ['patient', 'clinical-status', 'code', 'date'],
  Appointment: ['patient', 'actor', 'date', 'status'],
  BodyStructure: ['patient', 'location'],
  Bundle: ['identifier', 'type'],
  Composition: ['patient', 'subject', 'type', 'date', 'status'],
  Condition: ['patient', 'subject', 'code', 'clinical-status', 'category', 'encounter'],
  Device: ['identifier', 'type'],
  DiagnosticReport: ['patient', 'subject', 'code', 'category', 'date', 'status'],
  Encounter: ['identifier', 'patient', 'subject', 'date', 'status', 'class'],
  FamilyMemberHistory: ['patient', 'relationship', 'status'],
  HealthcareService: ['identifier', 'name', 'organization'],
  Immunization: ['patient', 'date', 'status', 'vaccine-code'],
  List: ['patient', 'subject', 'code', 'status'],
  Location: ['identifier', 'name', 'organization', 'status'],
  Medication: ['code', 'status'],
  MedicationAdministration: ['patient', 'subject', 'status', 'effective-time', 'medication'],
  MedicationDispense: ['patient', 'subject', 'status', 'medication'],
  MedicationRequest: ['patient', 'subject', 'status', 'intent', 'authoredon', 'medication'],
  MedicationStatement: ['patient', 'subject', 'status', 'effective', 'medication'],
  Observation: ['patient', 'subject', 'code', 'category', 'date', 'status', 'encounter'],
  Organization: ['identifier', 'name'],
  Patient: ['identifier', 'name', 'family', 'given', 'birthdate', 'gender', 'address-postalcode', 'general-practitioner'],
  Practitioner: ['identifier', 'name', 'family', 'given'],
  PractitionerRole: ['identifier', 'practitioner', 'organization', 'role'],
  Procedure: ['patient', 'subject', 'code', 'date', 'status'],
  RelatedPerson: ['identifier', 'patient', 'name'],
  Schedule: ['actor', 'active'],
  ServiceRequest: ['patient', 'subject', 'status', 'intent', 'code', 'category', 'authored'],
  Slot: ['schedule', 'status', 'start'],
  Specimen: ['patient', 'subject', 'type', 'collected'],
};

const everyType = ['_id', '_lastUpdated', '_profile'];

interface CoreSearchParameter {
  readonly url: string;
  readonly code: string;
  readonly base: readonly string[];
  readonly type: string;
  readonly expression?: string;
  readonly target?: readonly string[];
  readonly experimental?: boolean;
}

/**
 * Builds the search parameters of one resource type from R4 core's SearchParameter resources: the
 * parameter's FHIRPath expression, narrowed to the type's own branch and compiled once.
 */
export function searchParamsFor(type: string, core: CanonicalIndex): SearchParam[] {
  const codes = [...everyType, ...(declaredSearchParams[type] ?? [])];
  const byCode = new Map<string, CoreSearchParameter>();
  for (const resource of core.all('SearchParameter')) {
    const sp = resource as unknown as CoreSearchParameter;
    // The core package also ships example SearchParameters (experimental) that reuse real codes.
    if (sp.experimental === true || !codes.includes(sp.code)) continue;
    if (sp.base.includes(type) || sp.base.includes('Resource')) byCode.set(sp.code, sp);
  }
  return codes.map((code) => {
    const sp = byCode.get(code);
    if (sp?.expression === undefined) throw new Error(`R4 core has no SearchParameter "${code}" for ${type}`);
    return compileParam(type, sp);
  });
}

function compileParam(type: string, sp: CoreSearchParameter): SearchParam {
  const branches = splitUnion(sp.expression ?? '')
    .map((branch) => branch.replace(/^(\(?)Resource\./, `$1${type}.`))
    .filter((branch) => branch.replace(/^\(/, '').startsWith(`${type}.`));
  // `.where(resolve() is Patient)` needs a server round trip in FHIRPath; the type filter does the same locally.
  let targets = sp.target ?? [];
  const narrowed = branches.map((branch) => {
    const match = /\.where\(resolve\(\) is (\w+)\)$/.exec(branch);
    if (match?.[1] === undefined) return branch;
    targets = [match[1]];
    return branch.slice(0, match.index);
  });
  const compiled = fhirpath.compile(narrowed.join(' | '), r4 as Model, { resolveInternalTypes: false });
  return {
    code: sp.code,
    type: parseType(sp.type, sp.url),
    definition: sp.url,
    targets,
    select: (resource) => {
      const nodes = compiled(resource) as unknown[];
      const types = fhirpath.types(nodes);
      const values = fhirpath.resolveInternalTypes(nodes) as unknown[];
      return values.map((value, i) => ({ type: (types[i] ?? '').replace(/^(FHIR|System)\./, ''), value }));
    },
  };
}

function parseType(type: string, url: string): SearchParamType {
  if (type === 'token' || type === 'string' || type === 'date' || type === 'reference' || type === 'uri') return type;
  throw new Error(`SearchParameter ${url} has type ${type}, which the sandbox does not implement`);
}

/** Splits a FHIRPath union at its top level (not inside parentheses). */
function splitUnion(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}
