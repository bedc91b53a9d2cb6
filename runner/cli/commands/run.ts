import { defineCommand } from '../command.js';
import { packageOptions } from '../common-options.js';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'run conformance suites against a FHIR endpoint',
  usage: '--target NAME|URL --suite ID... [options]',
  positionals: false,
  options: {
    target: { type: 'string', value: 'NAME|URL', description: 'a target from the config, or a base URL' },
    suite: { type: 'string', multiple: true, value: 'ID', description: 'a suite to run (see "assay suites")' },
    test: {
      type: 'string',
      multiple: true,
      value: 'PATTERN',
      description: 'only tests matching an id or glob: suite/group/test, suite/group, */read/*',
    },
    tag: { type: 'string', multiple: true, value: 'TAG', description: 'only tests with this tag' },
    'only-failed': { type: 'string', value: 'REPORT', description: 'only what failed or errored in an earlier report.json' },
    input: { type: 'string', multiple: true, value: 'KEY=VALUE', description: 'a suite input (or suite.KEY=VALUE for one suite)' },
    config: { type: 'string', value: 'FILE', description: 'the config file (default: ./assay.config.json or .yaml)' },
    out: { type: 'string', value: 'DIR', description: 'where to write report.json and evidence.ndjson (default: ./assay-report)' },
    concurrency: { type: 'string', value: 'N', description: 'tests (and requests) in flight per host at once (default 4)' },
    'rate-limit': { type: 'string', value: 'N', description: 'requests started per second per host, 0 for no limit (default 20)' },
    reporter: { type: 'string', multiple: true, value: 'NAME', description: 'an extra reporter: junit, testreport, html (console and json always run)' },
    'token-env': { type: 'string', value: 'VAR', description: 'take a bearer token from this environment variable' },
    'dry-run': { type: 'boolean', description: 'print the plan and send nothing' },
    certify: { type: 'string', value: 'KEY', description: 'after a complete run, issue a self-assessed certificate signed with this private JWK (needs --organisation and --product)' },
    organisation: { type: 'string', value: 'NAME', description: 'with --certify: the organisation whose product was tested' },
    product: { type: 'string', value: 'NAME', description: 'with --certify: the product that was tested' },
    'product-version': { type: 'string', value: 'VERSION', description: 'with --certify: its version' },
    'terminology-server': { type: 'string', value: 'URL', description: 'a FHIR terminology server for codes the loaded packages cannot check (default: none; such codes are reported as not checked)' },
    ...packageOptions,
  },
  examples: [
    'assay run --target https://fhir.example.nhs.uk/R4 --suite fhir-r4-rest --token-env FHIR_TOKEN',
    'assay run --target sandbox --suite uk-core --test "uk-core/patient/*" --dry-run',
    'assay run --target sandbox --only-failed assay-report/report.json --out assay-rerun',
    'assay run --target https://fhir.acme.example/R4 --suite fhir-r4-rest --certify keys/issuer.private.jwk --organisation "Acme Health" --product "Acme EPR"',
  ],
  async run({ options }, io) {
    const { runCommandBody } = await import('../run/run-command.js');
    return runCommandBody(options, io);
  },
});
