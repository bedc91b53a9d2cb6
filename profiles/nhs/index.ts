// NHS England identifier rules, usable by the validator, suites and the sandbox.
export type { NhsNumberProblem } from './nhs-number.js';
export { describeNhsNumberProblem, isValidNhsNumber, nhsNumberProblem, nhsNumberSystem } from './nhs-number.js';
export { isValidOdsOrganizationCode, isValidOdsSiteCode, odsOrganizationSystem, odsSiteSystem } from './ods-code.js';
