import { UsageError } from '../../runner/errors.js';
import type { Clock } from '../clock.js';
import type { RunReport } from '../model.js';
import type { Certificate, CertificateSubject, IssueOptions } from './certificate.js';
import { buildCertificate } from './certificate.js';
import { signCertificate } from './jws.js';
import type { Signer } from './signing-key.js';
import { verificationCode } from './verification-code.js';

export interface IssuedCertificate {
  /** The certificate as a compact JWS: the file a supplier hands over and a buyer verifies. */
  readonly jws: string;
  readonly certificate: Certificate;
  readonly verificationCode: string;
}

/**
 * Issues a signed certificate for a complete run report. What `assay certify`, `assay run --certify` and
 * `assay demo` call; the signer and the clock are seams.
 */
export async function issueCertificate(
  report: RunReport,
  signer: Signer,
  subject: CertificateSubject,
  clock: Clock,
  options: IssueOptions = {},
): Promise<IssuedCertificate> {
  if (!report.complete) {
    throw new UsageError(`run ${report.runId} is incomplete (it was interrupted), so it cannot be certified`, {
      fix: 'run the suites to the end and certify that report',
    });
  }
  for (const [field, value] of Object.entries(subject) as [string, string][]) {
    if (value.trim() === '') throw new UsageError(`the certificate subject's ${field} is empty`, { fix: 'give it a value' });
  }
  if (options.validDays !== undefined && !(Number.isInteger(options.validDays) && options.validDays > 0)) {
    throw new UsageError(`validity of ${options.validDays} days is not a whole number of days above 0`, { fix: 'e.g. 365' });
  }
  const certificate = buildCertificate(report, subject, signer.kid, clock, options);
  const jws = await signCertificate(certificate, signer);
  return { jws, certificate, verificationCode: verificationCode(jws) };
}
