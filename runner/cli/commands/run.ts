import { defineCommand, notBuiltYet } from '../command.js';
import { packageOptions } from '../common-options.js';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'run conformance suites against a FHIR endpoint',
  usage: '--target NAME|URL --suite ID... [options]',
  positionals: false,
  options: {
    target: { type: 'string', value: 'NAME|URL', description: 'a target from the config, or a base URL' },
    suite: { type: 'string', multiple: true, value: 'ID', description: 'a suite to run (see "assay suites")' },
    config: { type: 'string', value: 'FILE', description: 'the config file (default: ./assay.config.json or .yaml)' },
    out: { type: 'string', value: 'DIR', description: 'where to write the run report (default: ./assay-report)' },
    concurrency: { type: 'string', value: 'N', description: 'tests in flight per host at once' },
    reporter: { type: 'string', multiple: true, value: 'NAME', description: 'an extra reporter: console, json, junit, testreport, html' },
    'token-env': { type: 'string', value: 'VAR', description: 'take a bearer token from this environment variable' },
    'dry-run': { type: 'boolean', description: 'print the plan and run nothing' },
    ...packageOptions,
  },
  examples: ['assay run --target https://fhir.example.nhs.uk/R4 --suite fhir-r4-rest --token-env FHIR_TOKEN'],
  run: notBuiltYet('run', 'the runner work (suite DSL, transport, auth, configuration)'),
});
