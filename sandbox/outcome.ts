import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4.js';
import type { NhsErrorCode } from './nhs-error-codes.js';

type IssueType = OperationOutcomeIssue['code'];

/**
 * A request the sandbox refuses, with the HTTP status, the FHIR issue type and the NHS error code it
 * answers with. Handlers throw it; the dispatcher turns it into an OperationOutcome in one place.
 */
export class FhirError extends Error {
  readonly status: number;
  readonly issueType: IssueType;
  readonly nhsCode: NhsErrorCode;
  readonly expression: string | undefined;
  /** Extra issues (e.g. the validator's findings) after the first. */
  readonly issues: readonly OperationOutcomeIssue[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    issueType: IssueType,
    nhsCode: NhsErrorCode,
    message: string,
    options: { expression?: string; issues?: readonly OperationOutcomeIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'FhirError';
    this.status = status;
    this.issueType = issueType;
    this.nhsCode = nhsCode;
    this.expression = options.expression;
    this.issues = options.issues ?? [];
    this.headers = options.headers ?? {};
  }
}

export interface OutcomeOptions {
  /** Leave the NHS error code out (the error-without-nhs-code defect). */
  readonly withoutNhsCode?: boolean;
  /** Put the server's stack trace in diagnostics (the leaks-stack-trace defect). */
  readonly stack?: string | undefined;
}

export function errorOutcome(error: FhirError, options: OutcomeOptions = {}): OperationOutcome {
  const { system, code, display } = error.nhsCode;
  const first: OperationOutcomeIssue = {
    severity: 'error',
    code: error.issueType,
    ...(options.withoutNhsCode === true ? { details: { text: error.message } } : { details: { coding: [{ system, code, display }], text: error.message } }),
    diagnostics: options.stack ?? error.message,
    ...(error.expression === undefined ? {} : { expression: [error.expression] }),
  };
  return { resourceType: 'OperationOutcome', issue: [first, ...error.issues] };
}

export function informationOutcome(text: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: text }] };
}
