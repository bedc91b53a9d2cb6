import { defineCommand, notBuiltYet } from '../command.js';

export const gateCommand = defineCommand({
  name: 'gate',
  summary: 'check a certificate against a procurement gate policy (exit 0 or 1, with reasons)',
  usage: 'CERT --policy FILE [options]',
  positionals: true,
  options: {
    policy: { type: 'string', value: 'FILE', description: 'the gate policy (JSON or YAML)' },
    jwks: { type: 'string', value: 'FILE|URL', description: "the issuer's public keys" },
  },
  examples: ['assay gate certificate.jws --policy policies/national-deal.yaml --jwks keys/issuer.jwks.json'],
  run: notBuiltYet('gate', 'the reports and certificates work'),
});
