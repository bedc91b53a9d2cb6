/**
 * The capability levels an interface can reach, in the style of the NHS Digital Maturity Assessment: a
 * level is reached when every element of it and of each level below is demonstrated. The elements are
 * data so the model can be read, documented and tuned without touching the engine (conformance.ts).
 *
 * Elements select requirements by suite id (a trailing `*` matches a prefix) and, optionally, by the
 * requirement's source: the spec page and anchor a suite cites for it, which is written by the standard
 * rather than by Assay (e.g. `http://hl7.org/fhir/R4/http.html#read`), or by the requirement's own words
 * where the standard states the rule in passing (R4 asks for OperationOutcome in its section on return
 * values, not on a page of its own).
 */
export type CapabilityLevel = 1 | 2 | 3 | 4 | 5;
export type CapabilityLabel = 'basic' | 'developing' | 'advanced';

export type ElementEvidence =
  | {
      readonly kind: 'requirements';
      readonly suites: readonly string[];
      /** Matched against each requirement's source; absent means every requirement of the suites. */
      readonly source?: RegExp;
      /** Matched against each requirement's text; absent means any text. */
      readonly text?: RegExp;
      /** What the source filter stands for, for the reason a requirement set was not found. */
      readonly cites?: string;
    }
  | { readonly kind: 'terminology-server' }
  | { readonly kind: 'newest-packages' };

export interface CapabilityElement {
  readonly id: string;
  readonly level: Exclude<CapabilityLevel, 1>;
  readonly title: string;
  readonly evidence: ElementEvidence;
}

export const levelTitles: Readonly<Record<CapabilityLevel, string>> = {
  1: 'no standards-based API',
  2: 'FHIR R4 base',
  3: 'UK Core conformance with the national conventions',
  4: 'write, terminology and national API packs',
  5: 'cross-organisation and current',
};

export function labelOf(level: CapabilityLevel): CapabilityLabel {
  return level <= 2 ? 'basic' : level === 3 ? 'developing' : 'advanced';
}

const base = ['fhir-r4-rest'];

export const capabilityElements: readonly CapabilityElement[] = [
  {
    id: 'capability-statement',
    level: 2,
    title: 'a valid CapabilityStatement at /metadata',
    evidence: { kind: 'requirements', suites: base, source: /capabilitystatement|#capabilit/i, cites: 'the capabilities interaction' },
  },
  {
    id: 'read',
    level: 2,
    title: 'read interactions work',
    evidence: { kind: 'requirements', suites: base, source: /#v?read\b/i, cites: 'the read interaction' },
  },
  {
    id: 'errors-as-operation-outcome',
    level: 2,
    title: 'errors come back as OperationOutcome',
    evidence: { kind: 'requirements', suites: base, text: /\bOperationOutcome\b/, cites: 'OperationOutcome' },
  },
  { id: 'fhir-r4-rest', level: 2, title: 'the FHIR R4 RESTful API suite', evidence: { kind: 'requirements', suites: base } },
  { id: 'uk-core', level: 3, title: 'UK Core profiles for the declared resources', evidence: { kind: 'requirements', suites: ['uk-core'] } },
  {
    id: 'nhs-number',
    level: 3,
    title: 'NHS number rules',
    evidence: { kind: 'requirements', suites: ['uk-core', 'pds'], source: /nhs[-_ ]?number/i, cites: 'the NHS number' },
  },
  {
    id: 'ods-codes',
    level: 3,
    title: 'ODS organisation code rules',
    evidence: { kind: 'requirements', suites: ['uk-core'], source: /\bods\b|ods-(organization|site)-code|organisation-data-service/i, cites: 'ODS codes' },
  },
  { id: 'national-headers', level: 3, title: 'NHS England API header and error conventions', evidence: { kind: 'requirements', suites: ['nhs-api'] } },
  { id: 'auth-conventions', level: 3, title: 'authentication and transport security conventions', evidence: { kind: 'requirements', suites: ['security'] } },
  {
    id: 'write',
    level: 4,
    title: 'write interactions (create, update, patch, delete)',
    evidence: { kind: 'requirements', suites: base, source: /#(create|update|patch|delete)\b/i, cites: 'write interactions' },
  },
  { id: 'terminology-server', level: 4, title: 'terminology checked by a terminology server', evidence: { kind: 'terminology-server' } },
  { id: 'national-api-packs', level: 4, title: 'national API packs for the declared use cases', evidence: { kind: 'requirements', suites: ['pds'] } },
  { id: 'cross-organisation', level: 5, title: 'cross-organisation packs', evidence: { kind: 'requirements', suites: ['cross-org-*'] } },
  { id: 'newest-packages', level: 5, title: 're-certified against the newest package releases', evidence: { kind: 'newest-packages' } },
];

/** DTAC section C4 (interoperability) questions, each evidenced by capability elements. */
export const dtacQuestions: readonly { readonly id: 'C4.1' | 'C4.2' | 'C4.3'; readonly question: string; readonly elements: readonly string[] }[] = [
  { id: 'C4.1', question: 'APIs are exposed for other consumers', elements: ['capability-statement', 'read'] },
  { id: 'C4.2', question: 'the NHS number is used to identify patient records', elements: ['nhs-number'] },
  { id: 'C4.3', question: 'patient records are read and written using industry standards', elements: ['read', 'write', 'uk-core'] },
];
