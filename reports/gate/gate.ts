import type { Certificate } from '../certificate/certificate.js';
import type { Clock } from '../clock.js';
import { isFailure } from '../requirement-outcomes.js';
import type { GatePolicy } from './policy.js';

/** One check of a policy against a certificate: what was required and whether the certificate shows it. */
export interface GateCheck {
  readonly passed: boolean;
  readonly text: string;
}

export interface GateVerdict {
  readonly policy: string;
  readonly passed: boolean;
  readonly checks: readonly GateCheck[];
}

const dayMs = 86_400_000;

/** Checks a verified certificate against a policy; every key the policy sets gives one check or more. */
export function evaluateGate(certificate: Certificate, policy: GatePolicy, clock: Clock): GateVerdict {
  const c = certificate;
  const checks: GateCheck[] = [];
  const check = (passed: boolean, text: string) => checks.push({ passed, text });

  for (const suite of policy.requiredSuites ?? []) {
    const failed = c.scope.requirements.filter((r) => r.suite === suite && r.level === 'SHALL' && isFailure(r.outcome));
    if (!c.scope.suites.some((s) => s.id === suite)) check(false, `required suite ${suite} was not run`);
    else if (failed.length > 0) check(false, `required suite ${suite} has failed SHALL requirements: ${failed.map((r) => r.id).join(', ')}`);
    else check(true, `required suite ${suite} was run with no SHALL failure`);
  }
  for (const id of policy.requiredRequirements ?? []) {
    const found = c.scope.requirements.filter((r) => r.id === id);
    const notPassed = found.filter((r) => r.outcome !== 'pass');
    if (found.length === 0) check(false, `required requirement ${id} is not in the certificate's scope`);
    else if (notPassed.length > 0) check(false, `required requirement ${id} did not pass (${notPassed.map((r) => r.outcome).join(', ')})`);
    else check(true, `required requirement ${id} passed`);
  }
  if (policy.maxShallFailures !== undefined) {
    check(c.results.shallFailures <= policy.maxShallFailures, `${c.results.shallFailures} SHALL failures (at most ${policy.maxShallFailures} allowed)`);
  }
  if (policy.maxShouldFailures !== undefined) {
    check(c.results.shouldFailures <= policy.maxShouldFailures, `${c.results.shouldFailures} SHOULD failures (at most ${policy.maxShouldFailures} allowed)`);
  }
  if (policy.minLevel !== undefined) {
    check(c.conformance.level >= policy.minLevel, `level ${c.conformance.level} (${c.conformance.label}); at least ${policy.minLevel} required`);
  }
  if (policy.maxCertificateAgeDays !== undefined) {
    const age = Math.floor((clock.now().getTime() - Date.parse(c.issued)) / dayMs);
    check(age <= policy.maxCertificateAgeDays, `issued ${age} days ago, on ${c.issued} (at most ${policy.maxCertificateAgeDays} days allowed)`);
  }
  if (policy.acceptedMethods !== undefined) {
    check(policy.acceptedMethods.includes(c.method), `method ${c.method} (accepted: ${policy.acceptedMethods.join(', ')})`);
  }
  if (policy.acceptedIssuers !== undefined) {
    const accepted = policy.acceptedIssuers.includes(c.issuer.kid) || policy.acceptedIssuers.includes(c.issuer.name);
    check(accepted, `issuer ${c.issuer.name} (key ${c.issuer.kid}) ${accepted ? 'is' : 'is not'} an accepted issuer`);
  }
  return { policy: policy.name, passed: checks.every((item) => item.passed), checks };
}
