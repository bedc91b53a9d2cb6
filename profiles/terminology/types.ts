import type { TerminologyMode } from '../types.js';

/** A code to check: `system` is absent for a bare `code` element (its value set implies the system). */
export interface CodeInput {
  readonly system?: string;
  readonly code: string;
  readonly display?: string;
  readonly version?: string;
}

/** Whether a code is in a value set: decided either way, or honestly undecided (and why). */
export type MembershipVerdict =
  | { readonly result: 'member'; readonly display?: string }
  | { readonly result: 'not-member'; readonly message?: string }
  | { readonly result: 'unknown'; readonly reason: string };

/** What a code system says about a code: found (with its displays), not found, or it could not tell. */
export type LookupVerdict =
  | { readonly result: 'found'; readonly displays: readonly string[] }
  | { readonly result: 'not-found' }
  | { readonly result: 'unknown'; readonly reason: string };

/**
 * The terminology seam: local expansion by default, or a FHIR terminology server. One instance per
 * ProfileSet; it may cache what it learns, but only for its own life.
 */
export interface TerminologyService {
  readonly mode: TerminologyMode;
  /** Is the code in the value set (canonical, optionally `|version`)? */
  validateCode(valueSet: string, code: CodeInput): Promise<MembershipVerdict>;
  /** Does the code exist in its code system? */
  lookup(system: string, code: string): Promise<LookupVerdict>;
  /**
   * Optional: validateCode's verdict when it is known without waiting (local content), else undefined. The
   * validator asks tens of thousands of codes per thousand resources; a promise per code is most of the cost.
   */
  knownMembership?(valueSet: string, code: CodeInput): MembershipVerdict | undefined;
  /** Optional: lookup's verdict when it is known without waiting, else undefined. */
  knownLookup?(system: string, code: string): LookupVerdict | undefined;
  /** Whether the canonical names a code system this service knows (for "is this really a code system?"). */
  isValueSet(canonical: string): boolean;
}
