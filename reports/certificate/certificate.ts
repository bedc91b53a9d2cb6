import type { Clock } from '../clock.js';
import { reportDigest, uuidFromName } from '../digest.js';
import type { PackageInfo, RunReport, RunSummary } from '../model.js';
import type { RequirementOutcome } from '../requirement-outcomes.js';
import { requirementResults } from '../requirement-outcomes.js';
import type { Conformance, ConformanceOptions } from '../scoring/conformance.js';
import { conformanceOf } from '../scoring/conformance.js';

/** Who and what the certificate is about. */
export interface CertificateSubject {
  readonly organisation: string;
  readonly product: string;
  readonly version: string;
  /** The FHIR base URL that was tested. */
  readonly endpoint: string;
}

/** "Acme Health, Acme EPR 4.2", as every output names a certificate's subject. */
export function describeSubject(subject: Pick<CertificateSubject, 'organisation' | 'product' | 'version'>): string {
  return `${subject.organisation}, ${subject.product} ${subject.version === notStated ? `(version ${notStated})` : subject.version}`;
}

/** The subject version when the issuer gave none. */
export const notStated = 'not stated';

/** Whether the supplier ran the suites on itself or someone independent of it did. */
export type AssessmentMethod = 'self-assessed' | 'independent';

export interface CertificateRequirement {
  readonly id: string;
  readonly suite: string;
  readonly level: 'SHALL' | 'SHOULD' | 'MAY';
  readonly outcome: RequirementOutcome;
}

/** The signed content of a certificate (the JWS payload, as canonical JSON). */
export interface Certificate {
  readonly certificateVersion: 1;
  /** Stable: derived from the report digest, the key and the issue time. */
  readonly id: string;
  readonly subject: CertificateSubject;
  readonly scope: {
    readonly suites: readonly { readonly id: string; readonly version: string; readonly title: string }[];
    readonly requirements: readonly CertificateRequirement[];
    readonly packages: readonly PackageInfo[];
    readonly validator: RunReport['validator'];
  };
  readonly results: RunSummary;
  readonly conformance: Conformance;
  readonly issued: string;
  readonly expires: string;
  readonly issuer: { readonly name: string; readonly kid: string };
  readonly method: AssessmentMethod;
  readonly report: {
    readonly runId: string;
    /** sha256 (hex) of the run report's canonical JSON (RFC 8785). */
    readonly digest: string;
    readonly tool: RunReport['tool'];
    readonly target: RunReport['target'];
    readonly startedAt: string;
    readonly finishedAt: string;
  };
}

export interface IssueOptions extends ConformanceOptions {
  readonly method?: AssessmentMethod;
  /** Days from issue to expiry; default 365. */
  readonly validDays?: number;
  /** The issuer's name; default: the subject organisation (a self-assessment). */
  readonly issuerName?: string;
}

export const defaultValidDays = 365;

/**
 * Builds the certificate for a run report: a pure function of the report, subject, key id, clock and
 * options, so issuing twice at the same instant gives the same certificate.
 */
export function buildCertificate(
  report: RunReport,
  subject: CertificateSubject,
  kid: string,
  clock: Clock,
  options: IssueOptions = {},
): Certificate {
  const issued = wholeSeconds(clock.now());
  const expires = new Date(issued.getTime() + (options.validDays ?? defaultValidDays) * 86_400_000);
  const digest = reportDigest(report);
  return {
    certificateVersion: 1,
    id: `urn:uuid:${uuidFromName(`${digest}|${kid}|${issued.toISOString()}`)}`,
    subject,
    scope: {
      suites: report.suites.map(({ id, version, title }) => ({ id, version, title })),
      requirements: requirementResults(report).map(({ id, suite, level, outcome }) => ({ id, suite, level, outcome })),
      packages: report.packages.map(({ id, version, sha256 }) => ({ id, version, sha256 })),
      validator: report.validator,
    },
    results: report.summary,
    conformance: conformanceOf(report, options),
    issued: issued.toISOString(),
    expires: expires.toISOString(),
    issuer: { name: options.issuerName ?? subject.organisation, kid },
    method: options.method ?? 'self-assessed',
    report: {
      runId: report.runId,
      digest,
      tool: report.tool,
      target: report.target,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
    },
  };
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
