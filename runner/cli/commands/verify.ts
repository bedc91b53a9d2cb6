import { defineCommand, notBuiltYet } from '../command.js';

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'verify a certificate offline: signature, key, expiry and (optionally) its run report',
  usage: 'CERT [options]',
  positionals: true,
  options: {
    jwks: { type: 'string', value: 'FILE|URL', description: "the issuer's public keys (JWKS)" },
    report: { type: 'string', value: 'FILE', description: 'check that this run report is the one the certificate was issued for' },
  },
  examples: ['assay verify certificate.jws --jwks keys/issuer.jwks.json --report assay-report/report.json'],
  run: notBuiltYet('verify', 'the reports and certificates work'),
});
