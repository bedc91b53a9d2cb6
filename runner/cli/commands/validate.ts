import { defineCommand, notBuiltYet } from '../command.js';
import { packageOptions } from '../common-options.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'validate FHIR JSON resources against the base spec and profiles',
  usage: 'FILE... [options]',
  positionals: true,
  options: {
    profile: { type: 'string', multiple: true, value: 'URL|FILE', description: 'validate against this profile as well as any meta.profile' },
    definitions: { type: 'string', multiple: true, value: 'DIR|FILE', description: 'extra conformance resources (profiles, ValueSets, CodeSystems) to load first' },
    format: { type: 'string', value: 'text|json', description: 'text (default) or json: one OperationOutcome per file' },
    ...packageOptions,
  },
  examples: [
    'assay validate patient.json --package fhir.r4.ukcore.stu2#2.0.2 --profile https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
  ],
  run: notBuiltYet('validate', 'the profiles work (packages, snapshots, validator)'),
});
