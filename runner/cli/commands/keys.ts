import { defineCommand, notBuiltYet } from '../command.js';

export const keysCommand = defineCommand({
  name: 'keys',
  summary: 'generate a certificate signing key pair',
  usage: 'generate [options]',
  positionals: true,
  options: {
    out: { type: 'string', value: 'DIR', description: 'where to write the private JWK and the public JWKS (default: ./keys)' },
    kid: { type: 'string', value: 'ID', description: 'the key id carried by certificates (default: derived from the key)' },
  },
  examples: ['assay keys generate --out keys'],
  run: notBuiltYet('keys', 'the reports and certificates work'),
});
