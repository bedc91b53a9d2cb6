import { describeNhsNumberProblem, nhsNumberProblem, nhsNumberSystem } from '../nhs/nhs-number.js';
import { isValidOdsOrganizationCode, isValidOdsSiteCode, odsOrganizationSystem, odsSiteSystem } from '../nhs/ods-code.js';
import { pathOf, type Findings, type Where } from './issues.js';

/** NHS England identifier rules, applied to every Identifier when UK profiles are loaded. */
export function checkNhsIdentifier(findings: Findings, identifier: Record<string, unknown>, path: Where): void {
  const { system, value } = identifier;
  if (typeof value !== 'string') return;
  if (system === nhsNumberSystem) {
    const problem = nhsNumberProblem(value);
    if (problem !== undefined) findings.error('value', `${pathOf(path)}.value`, describeNhsNumberProblem(value, problem));
  } else if (system === odsOrganizationSystem && !isValidOdsOrganizationCode(value)) {
    findings.error('value', `${pathOf(path)}.value`, `'${value}' is not a valid ODS organisation code: 3 to 6 upper-case letters and digits`);
  } else if (system === odsSiteSystem && !isValidOdsSiteCode(value)) {
    findings.error('value', `${pathOf(path)}.value`, `'${value}' is not a valid ODS site code: 5 to 9 upper-case letters and digits`);
  }
}
