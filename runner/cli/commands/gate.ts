import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { defineCommand } from '../command.js';

export const gateCommand = defineCommand({
  name: 'gate',
  summary: 'check a certificate against a procurement gate policy (exit 0 or 1, with reasons)',
  usage: 'CERT --policy FILE --jwks FILE|URL [options]',
  positionals: true,
  options: {
    policy: { type: 'string', value: 'FILE', description: 'the gate policy (JSON or YAML), e.g. policies/national-deal.yaml' },
    jwks: { type: 'string', value: 'FILE|URL', description: "the public keys of the issuers you trust, required" },
    format: { type: 'string', value: 'text|json', description: 'text (default) or json' },
  },
  examples: ['assay gate certificate.jws --policy policies/national-deal.yaml --jwks keys/issuer.jwks.json'],
  async run({ options, positionals }, io) {
    if (positionals.length !== 1) {
      throw new UsageError(`"assay gate" takes one certificate (got ${positionals.length})`, { fix: 'e.g. "assay gate certificate.jws --policy FILE --jwks FILE"' });
    }
    if (options.policy === undefined) throw new UsageError('"assay gate" needs --policy FILE', { fix: 'e.g. --policy policies/national-deal.yaml' });
    if (options.jwks === undefined) {
      throw new UsageError('"assay gate" needs the public keys of the issuers you trust', { fix: 'pass --jwks FILE|URL' });
    }
    const format = options.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format ${format} is not known`, { fix: 'use text or json' });

    const reports = await import('../../../reports/index.js');
    const policy = await reports.readGatePolicy(resolve(io.cwd, options.policy));
    const file = resolve(io.cwd, positionals[0] ?? '');
    const jws = await reports.readCertificate(file);
    const jwks = await reports.readJwks(/^https?:\/\//i.test(options.jwks) ? options.jwks : resolve(io.cwd, options.jwks));
    const verification = await reports.verifyCertificate(jws, jwks, { clock: reports.systemClock });
    const verdict = verification.valid
      ? reports.evaluateGate(verification.certificate, policy, reports.systemClock)
      : { policy: policy.name, passed: false, checks: [{ passed: false, text: `certificate rejected (${verification.reason}): ${verification.message}` }] };

    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ certificate: file, verificationCode: verification.verificationCode, ...verdict }, null, 2)}\n`);
    } else {
      const who = verification.valid ? reports.describeSubject(verification.certificate.subject) : file;
      io.stdout.write(
        `gate ${verdict.passed ? 'PASSED' : 'FAILED'}: ${verdict.policy}: ${who}\n` +
          verdict.checks.map((c) => `  ${c.passed ? 'ok  ' : 'FAIL'} ${c.text}\n`).join(''),
      );
    }
    return verdict.passed ? ExitCode.Ok : ExitCode.Failed;
  },
});
