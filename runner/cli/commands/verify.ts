import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { defineCommand } from '../command.js';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'verify a certificate offline: signature, key, expiry and (optionally) its run report',
  usage: 'CERT --jwks FILE|URL [options]',
  positionals: true,
  options: {
    jwks: { type: 'string', value: 'FILE|URL', description: "the issuer's public keys (JWKS), required" },
    report: { type: 'string', value: 'FILE', description: 'check that this run report is the one the certificate was issued for' },
    format: { type: 'string', value: 'text|json', description: 'text (default) or json' },
  },
  examples: ['assay verify certificate.jws --jwks keys/issuer.jwks.json --report assay-report/report.json'],
  async run({ options, positionals }, io) {
    if (positionals.length !== 1) {
      throw new UsageError(`"assay verify" takes one certificate (got ${positionals.length})`, { fix: 'e.g. "assay verify certificate.jws --jwks keys/issuer.jwks.json"' });
    }
    if (options.jwks === undefined) {
      throw new UsageError('"assay verify" needs the issuer\'s public keys', { fix: 'pass --jwks FILE|URL (the issuer.jwks.json the issuer publishes)' });
    }
    const format = options.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format} is not known`, { fix: 'use text or json' });

    const reports = await import('../../../reports/index.js');
    const certificateFile = resolve(io.cwd, positionals[0] ?? '');
    const jws = await reports.readCertificate(certificateFile);
    const jwks = await reports.readJwks(/^https?:\/\//i.test(options.jwks) ? options.jwks : resolve(io.cwd, options.jwks));
    const reportFile = options.report === undefined ? undefined : resolve(io.cwd, options.report);
    const report = reportFile === undefined ? undefined : await reports.readRunReport(reportFile);
    const result = await reports.verifyCertificate(jws, jwks, { clock: reports.systemClock, ...(report === undefined ? {} : { report }) });
    const evidence = reportFile === undefined || report === undefined || !result.valid ? undefined : await reports.readEvidence(reportFile, report);

    if (evidence?.state === 'altered') {
      const message = `the evidence file ${evidence.file} has sha256:${evidence.sha256}, but the certified report names sha256:${report?.evidence.sha256 ?? ''}: the evidence was altered`;
      io.stdout.write(
        format === 'json'
          ? `${JSON.stringify({ valid: false, reason: 'evidence-mismatch', message, verificationCode: result.verificationCode }, null, 2)}\n`
          : `certificate REJECTED (evidence-mismatch): ${certificateFile}: ${message}\n`,
      );
      return ExitCode.Failed;
    }
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else if (result.valid) {
      const c = result.certificate;
      io.stdout.write(
        `certificate VALID: ${certificateFile}\n` +
          `  verification code ${result.verificationCode}\n` +
          `  ${reports.describeSubject(c.subject)} at ${c.subject.endpoint}\n` +
          `  level ${c.conformance.level} (${c.conformance.label}); ${c.results.total} tests, ${c.results.shallFailures} SHALL failures, ${c.results.shouldFailures} SHOULD failures\n` +
          `  ${c.method}, issued by ${c.issuer.name} (key ${c.issuer.kid}) on ${c.issued}, valid until ${c.expires}\n` +
          `  run report ${report === undefined ? `not checked (pass --report to check sha256:${c.report.digest})` : 'matches its digest'}\n` +
          (evidence === undefined ? '' : `  evidence ${evidence.state === 'intact' ? `matches (${evidence.exchanges.length} exchanges)` : `not found at ${evidence.file}, not checked`}\n`),
      );
    } else {
      io.stdout.write(`certificate REJECTED (${result.reason}): ${certificateFile}: ${result.message}\n`);
    }
    return result.valid ? ExitCode.Ok : ExitCode.Failed;
  },
});
