import { dirname, join, resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { defineCommand } from '../command.js';

export const certifyCommand = defineCommand({
  name: 'certify',
  summary: 'issue a signed compliance certificate from a run report',
  usage: 'REPORT --key KEY --organisation NAME --product NAME [options]',
  positionals: true,
  options: {
    key: { type: 'string', value: 'FILE', description: 'the private signing key (JWK), from "assay keys generate"' },
    organisation: { type: 'string', value: 'NAME', description: 'the subject organisation (required)' },
    product: { type: 'string', value: 'NAME', description: 'the subject product (required)' },
    'product-version': { type: 'string', value: 'VERSION', description: 'the subject product version (default: "not stated")' },
    issuer: { type: 'string', value: 'NAME', description: 'who issues it (default: the organisation, for a self-assessment)' },
    method: { type: 'string', value: 'self-assessed|independent', description: 'who ran the suites (default: self-assessed)' },
    'valid-days': { type: 'string', value: 'N', description: 'days until it expires (default: 365)' },
    'latest-package': {
      type: 'string',
      multiple: true,
      value: 'ID#VERSION',
      description: 'the newest release of a package, as the issuer knows it (level 5 needs the run to use it)',
    },
    out: { type: 'string', value: 'FILE', description: 'where to write the certificate (default: certificate.jws beside the report); a printable .html goes beside it' },
  },
  examples: [
    'assay certify assay-report/report.json --key keys/issuer.private.jwk --organisation "Acme Health" --product "Acme EPR" --product-version 4.2',
  ],
  async run({ options, positionals }, io) {
    if (positionals.length !== 1) {
      throw new UsageError(`"assay certify" takes one run report (got ${positionals.length})`, { fix: 'e.g. "assay certify assay-report/report.json --key KEY"' });
    }
    const keyFile = required(options.key, '--key FILE', 'the private key from "assay keys generate"');
    const organisation = required(options.organisation, '--organisation NAME', 'the organisation the certificate is about');
    const product = required(options.product, '--product NAME', 'the product the certificate is about');
    const method = options.method ?? 'self-assessed';
    if (method !== 'self-assessed' && method !== 'independent') {
      throw new UsageError(`--method ${method} is not known`, { fix: 'use self-assessed or independent' });
    }
    if (method === 'independent' && options.issuer === undefined) {
      throw new UsageError('an independent assessment needs --issuer NAME', { fix: 'name the organisation that ran the suites' });
    }
    const validDays = options['valid-days'] === undefined ? undefined : wholeDays(options['valid-days']);
    const latestPackages = (options['latest-package'] ?? []).map(parsePackage);

    const reports = await import('../../../reports/index.js');
    const reportFile = resolve(io.cwd, positionals[0] ?? '');
    const report = await reports.readRunReport(reportFile);
    const signer = await reports.readSigningKey(resolve(io.cwd, keyFile));
    const issued = await reports.issueCertificate(
      report,
      signer,
      { organisation, product, version: options['product-version'] ?? reports.notStated, endpoint: report.target.baseUrl },
      reports.systemClock,
      {
        method,
        latestPackages,
        ...(validDays === undefined ? {} : { validDays }),
        ...(options.issuer === undefined ? {} : { issuerName: options.issuer }),
      },
    );
    const out = resolve(io.cwd, options.out ?? join(dirname(reportFile), 'certificate.jws'));
    if (out === reportFile || reports.certificatePagePath(out) === reportFile) {
      throw new UsageError(`--out ${out} would overwrite the run report`, { fix: 'choose another file, e.g. certificate.jws' });
    }
    io.stdout.write(reports.describeIssuedCertificate(issued, await reports.writeCertificateFiles(issued, out)));
    return ExitCode.Ok;
  },
});

function required(value: string | undefined, flag: string, what: string): string {
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`"assay certify" needs ${flag}: ${what}`, { fix: 'see "assay certify --help"' });
  }
  return value;
}

function parsePackage(text: string): { id: string; version: string } {
  const match = /^([^#\s]+)#([^#\s]+)$/.exec(text);
  if (match === null) throw new UsageError(`--latest-package ${text} is not ID#VERSION`, { fix: 'e.g. --latest-package fhir.r4.ukcore.stu2#2.0.2' });
  return { id: match[1] ?? '', version: match[2] ?? '' };
}

function wholeDays(text: string): number {
  const days = Number(text);
  if (!Number.isInteger(days) || days <= 0) {
    throw new UsageError(`--valid-days ${text} is not a whole number of days above 0`, { fix: 'e.g. --valid-days 365' });
  }
  return days;
}
