// NHS England identifier rules, usable by the validator, suites and the sandbox.
export type { FoundIdentifier } from './identifiers.js';
export { identifiersIn } from './identifiers.js';
export type { NhsNumberProblem } from './nhs-number.js';
export { describeNhsNumberProblem, isValidNhsNumber, nhsNumberProblem, nhsNumberSystem } from './nhs-number.js';
export { isValidOdsOrganizationCode, isValidOdsSiteCode, odsOrganizationSystem, odsSiteSystem } from './ods-code.js';
