/** The identifier system of NHS numbers (England and Wales). */
export const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';

/** Why a value is not an NHS number; undefined when it is one. */
export type NhsNumberProblem = 'not-ten-digits' | 'check-digit-ten' | 'check-digit-mismatch';

/**
 * Checks an NHS number by the NHS Data Dictionary rule: ten digits; weights 10 down to 2 on the first nine;
 * 11 minus the sum modulo 11 is the check digit, where 11 means 0 and 10 means the number can never be valid.
 */
export function nhsNumberProblem(value: string): NhsNumberProblem | undefined {
  if (!/^\d{10}$/.test(value)) return 'not-ten-digits';
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return 'check-digit-ten';
  return (check === 11 ? 0 : check) === Number(value[9]) ? undefined : 'check-digit-mismatch';
}

export function isValidNhsNumber(value: string): boolean {
  return nhsNumberProblem(value) === undefined;
}

export function describeNhsNumberProblem(value: string, problem: NhsNumberProblem): string {
  switch (problem) {
    case 'not-ten-digits':
      return `'${value}' is not a valid NHS number: it must be exactly ten digits, with no spaces`;
    case 'check-digit-ten':
      return `'${value}' is not a valid NHS number: its first nine digits give a check digit of 10, so no NHS number starts with them`;
    case 'check-digit-mismatch':
      return `'${value}' is not a valid NHS number: its check digit (Modulus 11) does not match`;
  }
}
