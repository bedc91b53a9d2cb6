import type { OperationOutcome } from 'fhir/r4.js';
import { splitCanonical } from '../../../profiles/canonical-index.js';
import type { Definitions } from '../../../profiles/types.js';
import type { ExitCode } from '../../errors.js';
import { UsageError } from '../../errors.js';
import type { CliIo } from '../command.js';
import { defineCommand } from '../command.js';
import { packageOptions } from '../common-options.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'validate FHIR resources (JSON or XML) against the base spec and profiles',
  usage: 'FILE... [options]',
  positionals: true,
  options: {
    profile: { type: 'string', multiple: true, value: 'URL|FILE', description: 'validate against this profile as well as any meta.profile' },
    definitions: { type: 'string', multiple: true, value: 'DIR|FILE', description: 'extra conformance resources (profiles, ValueSets, CodeSystems) to load first' },
    format: { type: 'string', value: 'text|json', description: 'text (default) or json: one OperationOutcome per file, one per line' },
    'terminology-server': { type: 'string', value: 'URL', description: 'a FHIR terminology server for codes local content cannot check (default: none, such codes are reported as not checked)' },
    ...packageOptions,
  },
  examples: [
    'assay validate patient.json',
    'assay validate patient.json --package fhir.r4.ukcore.stu2#2.0.2 --profile https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient',
    'assay validate obs.json --definitions ./my-profiles --profile ./my-profiles/obs-profile.json --format json',
  ],
  async run({ options, positionals }, io): Promise<ExitCode> {
    const format = options.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`, { fix: 'see "assay validate --help"' });
    if (positionals.length === 0) throw new UsageError('"assay validate" needs at least one FILE to validate', { fix: 'e.g. "assay validate patient.json"' });
    const { readDefinitionFile, readDefinitionFiles } = await import('../../../profiles/definition-files.js');
    const { definitionsOptions } = await import('../../../profiles/package-options.js');
    const { defaultPackages, profileSetOf } = await import('../../../profiles/profile-set.js');
    const { loadDefinitions } = await import('../../../profiles/definitions.js');

    const texts: { file: string; text: string }[] = [];
    for (const file of positionals) texts.push({ file, text: await readText(file) });
    const extra = await readDefinitionFiles(options.definitions ?? []);
    const profiles: string[] = [];
    for (const profile of options.profile ?? []) {
      if (looksLikeUrl(profile)) {
        profiles.push(profile);
        continue;
      }
      const [definition] = (await readDefinitionFile(profile)).filter((r) => r.resourceType === 'StructureDefinition');
      if (typeof definition?.url !== 'string') throw new UsageError(`${profile} holds no StructureDefinition with a url`, { fix: 'give --profile a canonical URL or a StructureDefinition file' });
      extra.push(definition);
      profiles.push(definition.url);
    }

    const loadOptions = definitionsOptions(options, io.env);
    const definitions = await loadDefinitions({ ...loadOptions, packages: loadOptions.packages.length > 0 ? loadOptions.packages : defaultPackages, extra });
    for (const profile of profiles) checkProfile(definitions, profile);
    const profileSet = profileSetOf(definitions, { terminologyServer: options['terminology-server'] });
    const { fhirXmlToJson } = await import('../../../profiles/formats/index.js');
    const resources = texts.map(({ file, text }) => ({ file, ...readResource(file, text, (xml) => fhirXmlToJson(xml, definitions)) }));

    let failed = false;
    for (const { file, json, problems } of resources) {
      const validated = await profileSet.validate(json, { profiles });
      const outcome = problems.length === 0 ? validated : { ...validated, issue: [...problems, ...validated.issue.filter((i) => i.expression !== undefined)] };
      const errors = outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal').length;
      failed ||= errors > 0;
      if (format === 'json') io.stdout.write(`${JSON.stringify(outcome)}\n`);
      else writeText(io, file, outcome, errors);
    }
    return failed ? 1 : 0;
  },
});

async function readText(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { fix: 'check the path and its permissions' });
  }
}

type Issue = OperationOutcome['issue'][number];

/** A file's resource: XML (it starts with '<') read by the FHIR definitions, else JSON; malformed is a usage error. */
function readResource(file: string, text: string, fromXml: (xml: string) => { resource: unknown; problems: readonly { path: string; message: string }[] }): { json: unknown; problems: Issue[] } {
  if (text.trimStart().startsWith('<')) {
    try {
      const { resource, problems } = fromXml(text);
      return { json: resource, problems: problems.map((p) => ({ severity: 'error', code: 'structure', details: { text: p.message }, expression: [p.path] })) };
    } catch (error) {
      if (error instanceof RangeError) {
        throw new UsageError(`${file} nests its XML elements too deeply to be read`, { fix: 'no FHIR resource needs thousands of levels: check what produced it' });
      }
      throw new UsageError(`${file} is not well-formed XML (${(error as Error).message})`, { fix: 'repair it: it must be a FHIR resource in XML or JSON' });
    }
  }
  try {
    return { json: JSON.parse(text) as unknown, problems: [] };
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message})`, { fix: 'repair it: it must be a FHIR resource in JSON (or XML)' });
  }
}

function looksLikeUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value);
}

/** A profile asked for must be loaded (in the version pinned, if one is) and have a snapshot, or nothing is validated. */
function checkProfile(definitions: Definitions, profile: string): void {
  const found = definitions.resolve(profile);
  const [url, version] = splitCanonical(profile);
  if (found === undefined) {
    const other = version === undefined ? undefined : definitions.resolve(url);
    if (other !== undefined) {
      throw new UsageError(`profile ${url} is loaded in version ${String(other.version)}, not the version ${version} asked for`, {
        fix: `load the package with version ${version}, or ask for ${url} without a version`,
      });
    }
    throw new UsageError(`profile ${profile} is not defined by any loaded package or definitions file`, {
      fix: 'load the package that defines it with --package ID#VERSION, or its StructureDefinition with --definitions FILE or --profile FILE',
    });
  }
  if (found.resourceType !== 'StructureDefinition') {
    throw new UsageError(`${profile} is a ${found.resourceType}, not a profile (StructureDefinition)`, { fix: 'give --profile the canonical URL of a StructureDefinition' });
  }
  definitions.structureDefinition(profile);
}

function writeText(io: CliIo, file: string, outcome: OperationOutcome, errors: number): void {
  const issues = outcome.issue.filter((i) => i.expression !== undefined);
  const warnings = issues.filter((i) => i.severity === 'warning').length;
  const mode = outcome.extension?.[0]?.extension?.map((e) => e.valueCode ?? e.valueUrl).join(' ') ?? 'local';
  io.stdout.write(`${file}: ${errors > 0 ? 'invalid' : 'valid'} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}; terminology: ${mode})\n`);
  for (const issue of issues) {
    io.stdout.write(`  ${issue.severity.padEnd(11)} ${issue.expression?.[0] ?? ''}  ${issue.details?.text ?? ''}\n`);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
