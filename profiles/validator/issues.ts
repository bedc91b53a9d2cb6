import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import type { TerminologyMode } from '../types.js';

export type Severity = 'fatal' | 'error' | 'warning' | 'information';

/** The FHIR issue-type codes (http://hl7.org/fhir/ValueSet/issue-type) the validator uses. */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'invariant'
  | 'code-invalid'
  | 'extension'
  | 'not-supported'
  | 'not-found'
  | 'business-rule'
  | 'informational'
  | 'processing'
  | 'too-long'
  | 'too-costly'
  | 'security';

export interface Finding {
  readonly severity: Severity;
  readonly code: IssueType;
  readonly message: string;
  /** The element, as a FHIRPath with indexes: `Patient.identifier[0].value`. */
  readonly expression: string;
}

/**
 * Where a finding is: its path, or the item it is about, whose path is only worked out when a finding needs
 * it (most elements never have one).
 */
export type Where = string | { readonly path: string };

export function pathOf(where: Where): string {
  return typeof where === 'string' ? where : where.path;
}

/** The findings of one validation, each reported once however many definitions lead to it. */
export class Findings {
  readonly #list: Finding[] = [];
  readonly #seen = new Set<string>();

  add(severity: Severity, code: IssueType, where: Where, message: string): void {
    const expression = pathOf(where);
    const key = `${severity}\u0000${expression}\u0000${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#list.push({ severity, code, message, expression });
  }

  error(code: IssueType, where: Where, message: string): void {
    this.add('error', code, where, message);
  }

  warning(code: IssueType, where: Where, message: string): void {
    this.add('warning', code, where, message);
  }

  information(code: IssueType, where: Where, message: string): void {
    this.add('information', code, where, message);
  }

  get list(): readonly Finding[] {
    return this.#list;
  }

  get hasErrors(): boolean {
    return this.#list.some((f) => f.severity === 'error' || f.severity === 'fatal');
  }

  /** A fresh, empty collection, to test a candidate (a slice, a profile) without keeping what it finds. */
  scratch(): Findings {
    return new Findings();
  }
}

/** Extension on every outcome saying how terminology was checked (local expansion, or which server); a URN, as Assay owns no web domain for it. */
export const terminologyModeExtension = 'urn:assay:fhir:extension:terminology-mode';

export function toOperationOutcome(findings: readonly Finding[], terminology: TerminologyMode): OperationOutcome {
  const issue: OperationOutcomeIssue[] = findings.map((f) => ({
    severity: f.severity,
    code: f.code,
    details: { text: f.message },
    expression: [f.expression],
  }));
  if (issue.length === 0) issue.push({ severity: 'information', code: 'informational', details: { text: 'No issues found' } });
  return {
    resourceType: 'OperationOutcome',
    extension: [
      {
        url: terminologyModeExtension,
        extension: [
          { url: 'mode', valueCode: terminology.kind },
          ...(terminology.kind === 'remote' ? [{ url: 'server', valueUrl: terminology.server }] : []),
        ],
      },
    ],
    issue,
  };
}
