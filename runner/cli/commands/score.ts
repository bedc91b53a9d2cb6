import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { defineCommand } from '../command.js';

export const scoreCommand = defineCommand({
  name: 'score',
  summary: "aggregate suppliers' certificates into capability levels for a trust or ICS",
  usage: 'CERT... --jwks FILE|URL [options]',
  positionals: true,
  options: {
    jwks: { type: 'string', value: 'FILE|URL', description: "the issuers' public keys, required; only certificates that verify are counted" },
    format: { type: 'string', value: 'json|csv', description: 'json (default) or csv' },
    out: { type: 'string', value: 'FILE', description: 'write the view to FILE instead of standard output' },
  },
  examples: ['assay score certs/*.jws --jwks keys/issuer.jwks.json --format csv --out suppliers.csv'],
  async run({ options, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('"assay score" needs at least one certificate', { fix: 'e.g. "assay score certs/*.jws --jwks FILE"' });
    if (options.jwks === undefined) {
      throw new UsageError('"assay score" needs the public keys of the issuers you trust', { fix: 'pass --jwks FILE|URL' });
    }
    const format = options.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError(`--format ${format} is not known`, { fix: 'use json or csv' });

    const reports = await import('../../../reports/index.js');
    const jwks = await reports.readJwks(/^https?:\/\//i.test(options.jwks) ? options.jwks : resolve(io.cwd, options.jwks));
    const verifier = reports.certificateVerifier(jwks);
    const asOf = reports.systemClock.now();
    const verified: Parameters<typeof reports.supplierView>[0][number][] = [];
    const rejected: Parameters<typeof reports.supplierView>[1][number][] = [];
    for (const file of positionals) {
      const jws = await reports.readCertificate(resolve(io.cwd, file));
      const result = await verifier.verify(jws, { clock: reports.fixedClock(asOf) });
      if (result.valid) verified.push({ file, certificate: result.certificate, verificationCode: result.verificationCode });
      else rejected.push({ file, reason: result.reason, message: result.message });
    }
    const view = reports.supplierView(verified, rejected, asOf);
    const text = format === 'csv' ? reports.supplierCsv(view) : `${JSON.stringify(view, null, 2)}\n`;
    if (options.out === undefined) io.stdout.write(text);
    else await reports.writeFilesAtomically([{ path: resolve(io.cwd, options.out), data: text }]);
    for (const r of view.rejected) io.stderr.write(`assay: not counted: ${r.file}: ${r.reason}: ${r.message}\n`);
    io.stderr.write(`assay: scored ${view.suppliers.length} interfaces from ${verified.length} verified certificates; ${rejected.length} not counted\n`);
    return ExitCode.Ok;
  },
});
