import type { OperationOutcome } from 'fhir/r4.js';
import { nhsErrorCodeSystems } from './error-codes.js';
import type { ErrorCodeSystem } from './error-codes.js';

/** The NHS England error codes an OperationOutcome carries, judged against the CodeSystems. */

export interface NhsErrorCoding {
  readonly system: string;
  readonly code: string;
  /** The CodeSystem the system URL names (by its URL or an alias). */
  readonly codeSystem: ErrorCodeSystem;
  /** Whether that CodeSystem defines the code. */
  readonly defined: boolean;
}

function codeSystemFor(system: string | undefined): ErrorCodeSystem | undefined {
  return nhsErrorCodeSystems.find((cs) => cs.url === system || cs.aliases.includes(system ?? ''));
}

/** Every issue.details.coding whose system is an NHS England error CodeSystem. */
export function nhsErrorCodings(outcome: OperationOutcome): NhsErrorCoding[] {
  return outcome.issue.flatMap((issue) =>
    (issue.details?.coding ?? []).flatMap((coding) => {
      const codeSystem = codeSystemFor(coding.system);
      if (codeSystem === undefined || coding.system === undefined) return [];
      const code = coding.code ?? '';
      return [{ system: coding.system, code, codeSystem, defined: Object.hasOwn(codeSystem.statuses, code) }];
    }),
  );
}

/** The statuses a defined code goes with; an empty list in the table means any 4xx or 5xx. */
export function statusFits(coding: NhsErrorCoding, status: number): boolean {
  const statuses = coding.codeSystem.statuses[coding.code] ?? [];
  return statuses.length === 0 ? status >= 400 && status <= 599 : statuses.includes(status);
}

/** The statuses a code goes with, for messages. */
export function expectedStatuses(coding: NhsErrorCoding): string {
  const statuses = coding.codeSystem.statuses[coding.code] ?? [];
  return statuses.length === 0 ? '4xx or 5xx' : statuses.join(' or ');
}
