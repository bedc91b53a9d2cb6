/** The NHS number identifier system (UKCore-Patient identifier:nhsNumber). */
export const nhsNumberSystem = 'https://fhir.nhs.uk/Id/nhs-number';

/**
 * NHS Data Dictionary rule: ten digits; weights 10..2 on the first nine, sum mod 11, check digit is
 * 11 minus the remainder (11 becomes 0, 10 means the number is invalid) and must equal the tenth digit.
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}

/** Every NHS number in a resource that fails the check, with its FHIRPath-style location. */
export function invalidNhsNumbers(resource: unknown, path: string): { expression: string; value: string }[] {
  const found: { expression: string; value: string }[] = [];
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${at}[${i}]`));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.system === nhsNumberSystem && typeof record.value === 'string' && !isValidNhsNumber(record.value)) {
      found.push({ expression: `${at}.value`, value: record.value });
    }
    for (const [key, child] of Object.entries(record)) if (typeof child === 'object') visit(child, `${at}.${key}`);
  };
  visit(resource, path);
  return found;
}
