// Terminology: the seam between the validator and code systems (local expansion by default, or a FHIR server).
export type { CodeInput, LookupVerdict, MembershipVerdict, TerminologyService } from './types.js';
export { LocalTerminology } from './local.js';
export type { RemoteTerminologyOptions } from './remote.js';
export { RemoteTerminology } from './remote.js';
