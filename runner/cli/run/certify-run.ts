import { join, resolve } from 'node:path';
import type { Signer } from '../../../reports/index.js';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../command.js';

/** `assay run --certify KEY`: who the certificate is about and the key that signs it, checked before the run. */
export interface CertificateRequest {
  readonly signer: Signer;
  readonly organisation: string;
  readonly product: string;
  readonly productVersion: string | undefined;
}

interface CertifyFlags {
  readonly certify?: string;
  readonly organisation?: string;
  readonly product?: string;
  readonly 'product-version'?: string;
}

/**
 * Reads the signing key and checks the subject flags before anything is sent, so a long run never ends
 * in "cannot certify": a missing or unreadable key is exit 2 up front.
 */
export async function certificateRequest(flags: CertifyFlags, cwd: string): Promise<CertificateRequest | undefined> {
  if (flags.certify === undefined) {
    const stray = (['organisation', 'product', 'product-version'] as const).find((flag) => flags[flag] !== undefined);
    if (stray !== undefined) throw new UsageError(`--${stray} names the subject of a certificate, but no certificate was asked for`, { fix: 'add --certify KEY, or leave it out' });
    return undefined;
  }
  const organisation = flags.organisation?.trim() ?? '';
  const product = flags.product?.trim() ?? '';
  if (organisation === '' || product === '') {
    throw new UsageError('--certify needs --organisation NAME and --product NAME: the certificate says whose product was tested', {
      fix: 'e.g. --certify keys/issuer.private.jwk --organisation "Acme Health" --product "Acme EPR"',
    });
  }
  const { readSigningKey } = await import('../../../reports/index.js');
  return { signer: await readSigningKey(resolve(cwd, flags.certify)), organisation, product, productVersion: flags['product-version'] };
}

/** Issues a self-assessed certificate from the run report just written, beside it in `outDir`. */
export async function certifyRun(request: CertificateRequest, outDir: string, io: CliIo): Promise<void> {
  const reports = await import('../../../reports/index.js');
  const report = await reports.readRunReport(join(outDir, reports.reportFileName));
  const subject = {
    organisation: request.organisation,
    product: request.product,
    version: request.productVersion ?? reports.notStated,
    endpoint: report.target.baseUrl,
  };
  const issued = await reports.issueCertificate(report, request.signer, subject, reports.systemClock, { method: 'self-assessed' });
  io.stdout.write(reports.describeIssuedCertificate(issued, await reports.writeCertificateFiles(issued, join(outDir, 'certificate.jws'))));
}
