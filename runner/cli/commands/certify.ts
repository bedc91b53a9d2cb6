import { defineCommand, notBuiltYet } from '../command.js';

export const certifyCommand = defineCommand({
  name: 'certify',
  summary: 'issue a signed compliance certificate from a run report',
  usage: 'REPORT --key KEY [options]',
  positionals: true,
  options: {
    key: { type: 'string', value: 'FILE', description: 'the private signing key (JWK), from "assay keys generate"' },
    organisation: { type: 'string', value: 'NAME', description: 'the subject organisation' },
    product: { type: 'string', value: 'NAME', description: 'the subject product' },
    'product-version': { type: 'string', value: 'VERSION', description: 'the subject product version' },
    out: { type: 'string', value: 'FILE', description: 'where to write the certificate (default: beside the report)' },
  },
  examples: ['assay certify assay-report/report.json --key keys/issuer.private.jwk --organisation "Acme Health" --product "Acme EPR"'],
  run: notBuiltYet('certify', 'the reports and certificates work'),
});
