import { defineCommand, notBuiltYet } from '../command.js';

export const scoreCommand = defineCommand({
  name: 'score',
  summary: "aggregate suppliers' certificates into capability levels for a trust or ICS",
  usage: 'CERT... [options]',
  positionals: true,
  options: {
    jwks: { type: 'string', value: 'FILE|URL', description: "the issuers' public keys; only certificates that verify are counted" },
    format: { type: 'string', value: 'json|csv', description: 'json (default) or csv' },
  },
  examples: ['assay score certs/*.jws --jwks keys/issuer.jwks.json --format csv'],
  run: notBuiltYet('score', 'the reports and certificates work'),
});
