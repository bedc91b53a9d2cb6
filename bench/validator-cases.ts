import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OperationOutcome } from 'fhir/r4.js';
import { DefinitionSet, parsedEntry, type ResourceEntry } from '../profiles/definition-set.js';
import { loadPackageSet } from '../profiles/definitions.js';
import { fhirXmlToJson } from '../profiles/formats/index.js';
import type { ConformanceResource, Definitions, LoadedPackage } from '../profiles/types.js';
import { createValidator } from '../profiles/validator/index.js';

/**
 * Runs HL7's validator test cases (../shared/corpora/validator-cases, format in ../shared/README.md) through
 * Assay's validator and compares verdicts (valid = no error or fatal issue) with the HL7 reference validator's.
 * Each case gets R4 core plus its own supporting definitions; nothing in here knows any case by name.
 */

export type Category = 'json' | 'tx' | 'xml';
export type Step = 'base' | 'profile';

export interface StepResult {
  readonly case: string;
  readonly module: string;
  readonly category: Category;
  readonly step: Step;
  readonly expected: boolean;
  /** Undefined when Assay could not give a verdict (XML, or it crashed). */
  readonly actual: boolean | undefined;
  readonly crashed: boolean;
  readonly unsupported: boolean;
  readonly detail: string;
}

interface Expected {
  readonly format: string;
  readonly module: string;
  readonly flags: { readonly txDependent?: boolean };
  readonly files: {
    readonly resource: string | null;
    readonly supporting: readonly string[];
    readonly profileStep: { readonly source: string; readonly supporting: readonly string[] } | null;
  };
  readonly base: { readonly valid?: boolean } | null;
  readonly profile: { readonly valid?: boolean } | null;
}

export interface CorpusRunner {
  run(caseName: string): Promise<StepResult[]>;
}

/** Loads R4 core once; each case then gets a definition set of R4 core plus its supporting resources. */
export async function corpusRunner(cacheDir: string, corpusDir: string): Promise<CorpusRunner> {
  const { contents, definitions } = await loadPackageSet({ packages: ['hl7.fhir.r4.core#4.0.1'], cacheDir });
  const coreEntries: ResourceEntry[] = contents.flatMap((c) => [...c.entries]);
  const packages: readonly LoadedPackage[] = definitions.packages;
  const coreDefinitions = definitions;
  return {
    async run(caseName: string): Promise<StepResult[]> {
      const dir = join(corpusDir, caseName);
      const expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as Expected;
      const category: Category = expected.format === 'xml' ? 'xml' : expected.flags.txDependent === true ? 'tx' : 'json';
      const results: StepResult[] = [];
      const steps: { step: Step; valid: boolean | undefined; profile: string | undefined; supporting: readonly string[] }[] = [
        { step: 'base', valid: expected.base?.valid, profile: undefined, supporting: expected.files.supporting },
      ];
      const profileStep = expected.files.profileStep;
      if (profileStep !== null && expected.profile !== null) {
        steps.push({ step: 'profile', valid: expected.profile.valid, profile: profileStep.source, supporting: [...expected.files.supporting, ...profileStep.supporting] });
      }
      for (const { step, valid, profile, supporting } of steps) {
        if (valid === undefined) continue;
        const base = { case: caseName, module: expected.module, category, step, expected: valid };
        if (expected.files.resource === null) {
          results.push({ ...base, actual: undefined, crashed: false, unsupported: true, detail: 'the case has no resource file' });
          continue;
        }
        try {
          const extra = await readDefinitions(dir, [...supporting, ...(profile === undefined ? [] : [profile])], coreDefinitions);
          const set = new DefinitionSet([...coreEntries, ...extra.map((r) => parsedEntry(r.resource))]);
          const validator = createValidator(set.definitions(packages));
          const profileUrl = profile === undefined ? undefined : profileOf(extra, profile);
          const outcome = await validateFile(validator, join(dir, expected.files.resource), expected.format, profileUrl, coreDefinitions);
          const errors = outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal');
          results.push({ ...base, actual: errors.length === 0, crashed: false, unsupported: false, detail: errors.map((e) => `${e.expression?.[0] ?? ''}: ${e.details?.text ?? ''}`).join(' | ') });
        } catch (error) {
          results.push({ ...base, actual: undefined, crashed: true, unsupported: false, detail: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        }
      }
      return results;
    },
  };
}

/** A file that does not parse as JSON is invalid content, as the reference validator reports it (a fatal issue). */
async function validateFile(
  validator: ReturnType<typeof createValidator>,
  file: string,
  format: string,
  profile: string | undefined,
  core: Definitions,
): Promise<OperationOutcome> {
  const text = await readFile(file, 'utf8');
  const documents = format === 'ndjson' ? text.split('\n').filter((l) => l.trim() !== '') : [text];
  const issues: OperationOutcome['issue'] = [];
  for (const document of documents) {
    let parsed: unknown;
    try {
      if (format === 'xml') {
        const converted = fhirXmlToJson(document, core);
        parsed = converted.resource;
        issues.push(...converted.problems.map((p) => ({ severity: 'error' as const, code: 'structure' as const, details: { text: p.message }, expression: [p.path] })));
      } else {
        parsed = JSON.parse(document);
      }
    } catch (error) {
      issues.push({ severity: 'fatal', code: 'invalid', details: { text: `Error parsing ${format === 'xml' ? 'XML' : 'JSON'}: ${(error as Error).message}` } });
      continue;
    }
    const outcome = await validator.validate(parsed, profile === undefined ? {} : { profiles: [profile] });
    issues.push(...outcome.issue);
  }
  return { resourceType: 'OperationOutcome', issue: issues };
}

interface ReadDefinition {
  readonly resource: ConformanceResource;
  readonly file: string;
}

/** A case's definitions: the JSON conversion where the corpus has one, else the XML read by R4 core's definitions. */
async function readDefinitions(dir: string, files: readonly string[], core: Definitions): Promise<ReadDefinition[]> {
  const resources: ReadDefinition[] = [];
  for (const original of files) {
    const json = jsonName(original);
    const file = (await exists(join(dir, json))) ? json : original;
    let parsed: unknown;
    try {
      const text = await readFile(join(dir, file), 'utf8');
      parsed = file.endsWith('.xml') ? fhirXmlToJson(text, core).resource : JSON.parse(text);
    } catch {
      continue;
    }
    for (const resource of bundleOrSelf(parsed)) resources.push({ resource, file });
  }
  return resources;
}

function bundleOrSelf(parsed: unknown): ConformanceResource[] {
  if (typeof parsed !== 'object' || parsed === null || !('resourceType' in parsed)) return [];
  const resource = parsed as ConformanceResource;
  if (resource.resourceType !== 'Bundle' || !Array.isArray(resource.entry)) return [resource];
  return (resource.entry as { resource?: ConformanceResource }[]).flatMap((e) => (e.resource === undefined ? [] : [e.resource]));
}

/** The profile step must have its profile: a step that validated against nothing would agree by accident. */
function profileOf(read: readonly ReadDefinition[], file: string): string {
  const url = read.find((r) => r.resource.resourceType === 'StructureDefinition' && (r.file === file || r.file === jsonName(file)))?.resource.url;
  if (url === undefined) throw new Error(`the case's profile ${file} could not be read`);
  return url;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** JSON cases name their definitions by the XML originals' names in places; the JSON conversion sits beside them. */
function jsonName(file: string): string {
  return file.replace(/\.xml$/, '.json');
}

export interface Tally {
  agree: number;
  total: number;
  crashes: number;
  unsupported: number;
}

export function tally(results: readonly StepResult[]): Tally {
  return {
    agree: results.filter((r) => r.actual === r.expected).length,
    total: results.length,
    crashes: results.filter((r) => r.crashed).length,
    unsupported: results.filter((r) => r.unsupported).length,
  };
}
