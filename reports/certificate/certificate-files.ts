import { basename, dirname, extname, join } from 'node:path';
import { writeFilesAtomically } from '../atomic-files.js';
import { describeSubject } from './certificate.js';
import { certificateHtml } from './certificate-html.js';
import type { IssuedCertificate } from './issue.js';

/** Where an issued certificate was written: the JWS and its printable page beside it. */
export interface CertificateFiles {
  readonly jws: string;
  readonly page: string;
}

/**
 * Writes a certificate (`out`, a .jws) and its printable page (same name, .html), both or neither.
 */
export async function writeCertificateFiles(issued: IssuedCertificate, out: string): Promise<CertificateFiles> {
  const page = certificatePagePath(out);
  await writeFilesAtomically([
    { path: out, data: `${issued.jws}\n` },
    { path: page, data: certificateHtml(issued) },
  ]);
  return { jws: out, page };
}

/** The printable page written beside a certificate file. */
export function certificatePagePath(out: string): string {
  return join(dirname(out), `${basename(out, extname(out))}.html`);
}

/** The lines the command line prints about a certificate it just wrote. */
export function describeIssuedCertificate(issued: IssuedCertificate, files: CertificateFiles): string {
  const c = issued.certificate;
  return (
    `certificate ${files.jws}\n` +
    `  printable: ${files.page}\n` +
    `  ${describeSubject(c.subject)} at ${c.subject.endpoint}\n` +
    `  level ${c.conformance.level} (${c.conformance.label}); ${c.results.total} tests, ${c.results.shallFailures} SHALL failures, ${c.results.shouldFailures} SHOULD failures\n` +
    `  ${c.method}, issued by ${c.issuer.name} (key ${c.issuer.kid}), valid until ${c.expires}\n` +
    `  verification code ${issued.verificationCode}\n`
  );
}
