import type { FhirResource } from 'fhir/r4.js';
import type { Expect, HttpResponse } from '../dsl/context.js';
import { CheckFailure } from '../dsl/signals.js';

/**
 * `ctx.expect`: each check throws a CheckFailure whose message says what was expected and what came.
 * Values are redacted before they are shortened for the message, so a cut never leaves half a secret.
 */
export function createExpect(redact: (text: string) => string): Expect {
  const show = (value: unknown): string => {
    if (value === undefined) return 'nothing';
    const text = redact(JSON.stringify(value));
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  };
  return {
    that(condition, message) {
      if (!condition) throw new CheckFailure(message);
    },
    equal<T>(actual: unknown, expected: T, what: string): T {
      if (!deepEqual(actual, expected)) throw new CheckFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
      return actual as T;
    },
    oneOf<T>(actual: unknown, allowed: readonly T[], what: string): T {
      if (!allowed.some((candidate) => deepEqual(actual, candidate))) {
        throw new CheckFailure(`${what}: expected one of ${allowed.map(show).join(', ')}, got ${show(actual)}`);
      }
      return actual as T;
    },
    defined<T>(value: T, what: string): NonNullable<T> {
      if (value === undefined || value === null) throw new CheckFailure(`${what}: expected a value, got none`);
      return value;
    },
    match(value, pattern, what) {
      if (value === undefined) throw new CheckFailure(`${what}: expected a value matching ${String(pattern)}, got none`);
      if (!pattern.test(value)) throw new CheckFailure(`${what}: expected to match ${String(pattern)}, got ${show(value)}`);
      return value;
    },
    status(response, expected) {
      const allowed = typeof expected === 'number' ? [expected] : expected;
      if (!allowed.includes(response.status)) {
        throw new CheckFailure(
          `HTTP status: expected ${allowed.join(' or ')}, got ${response.status} [${response.exchangeId}]${outcomeText(response)}`,
        );
      }
    },
    header(response, name, pattern) {
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) throw new CheckFailure(`header ${name}: expected it in the response, it is missing [${response.exchangeId}]`);
      if (pattern !== undefined && !pattern.test(value)) {
        throw new CheckFailure(`header ${name}: expected to match ${String(pattern)}, got ${show(value)} [${response.exchangeId}]`);
      }
      return value;
    },
    resource<T extends FhirResource['resourceType']>(value: unknown, type: T): Extract<FhirResource, { resourceType: T }> {
      const actual = typeof value === 'object' && value !== null && 'resourceType' in value ? value.resourceType : undefined;
      if (actual !== type) {
        throw new CheckFailure(`expected a ${type} resource, got ${actual === undefined ? 'no FHIR resource' : `a ${show(actual)}`}`);
      }
      return value as Extract<FhirResource, { resourceType: T }>;
    },
    fail(message) {
      throw new CheckFailure(message);
    },
  };
}

/** A FHIR error response says why in an OperationOutcome: quote its first issue. */
function outcomeText(response: HttpResponse): string {
  try {
    const body = JSON.parse(response.text) as { resourceType?: string; issue?: { diagnostics?: string; details?: { text?: string } }[] };
    const issue = body.resourceType === 'OperationOutcome' ? body.issue?.[0] : undefined;
    const text = issue?.details?.text ?? issue?.diagnostics;
    return text === undefined ? '' : `: ${text}`;
  } catch {
    return '';
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
  );
}
