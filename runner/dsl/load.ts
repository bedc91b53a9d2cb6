import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Level, Requirement, SuiteInfo } from '../../reports/model.js';
import { errorCode, UsageError } from '../errors.js';
import type { SchemaCheck } from '../json-schema.js';
import { formatPath, schemaCheck } from '../json-schema.js';
import { packageRoot } from '../package-root.js';
import { strongest } from './outcome.js';
import type { Claims, Suite, TestDefinition } from './suite.js';

/** What a test is, as loading resolves it and planning passes it on: full ids, level, tags. */
export interface TestDescription {
  /** `<suite>/<group>/<test>`. */
  readonly id: string;
  readonly suite: string;
  readonly group: string;
  readonly title: string;
  readonly level: Level;
  readonly verifies: readonly string[];
  /** Full ids. */
  readonly dependsOn: readonly string[];
  readonly tags: readonly string[];
  readonly writes: boolean;
}

/** A test with everything resolved, and the definition that runs it. */
export interface LoadedTest extends TestDescription {
  readonly claims: Claims | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly definition: TestDefinition;
}

export interface LoadedGroup {
  readonly id: string;
  readonly title: string;
  readonly tests: readonly LoadedTest[];
}

/** A suite checked and resolved: requirements read, every reference valid. */
export interface LoadedSuite {
  readonly definition: Suite;
  readonly info: SuiteInfo;
  readonly groups: readonly LoadedGroup[];
  /** Every test, in presentation order. */
  readonly tests: readonly LoadedTest[];
  /** Where the requirements were read from, for messages. */
  readonly requirementsFile: string;
}

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Loads a suite and its requirements.json; any broken reference is an error naming the suite and the fix. */
export function loadSuite(suite: Suite, check: SchemaCheck = schemaCheck('requirements.schema.json')): LoadedSuite {
  const where = `suite "${suite.id}"`;
  if (!idPattern.test(suite.id)) fail(`${where}: id must be lower-case kebab-case`);
  if (suite.version.trim() === '') fail(`${where}: version is empty`);
  const requirementsFile = suite.requirements instanceof URL ? assetPath(suite.requirements) : `the requirements generated for ${suite.id}`;
  const requirements =
    suite.requirements instanceof URL
      ? readRequirements(where, requirementsFile, check)
      : checkRequirements(where, requirementsFile, suite.requirements, check);
  const byId = new Map(requirements.map((requirement) => [requirement.id, requirement]));
  const shown = displayPath(requirementsFile);

  const groupIds = new Set<string>();
  const groups = suite.tests.map((group): LoadedGroup => {
    if (!idPattern.test(group.id)) fail(`${where}: group id "${group.id}" must be lower-case kebab-case`);
    if (groupIds.has(group.id)) fail(`${where}: group "${group.id}" is declared twice`);
    groupIds.add(group.id);
    const testIds = new Set<string>();
    const tests = group.tests.map((test): LoadedTest => {
      const localId = `${group.id}/${test.id}`;
      if (!idPattern.test(test.id)) fail(`${where}: test id "${localId}" must be lower-case kebab-case`);
      if (testIds.has(test.id)) fail(`${where}: test "${localId}" is declared twice`);
      testIds.add(test.id);
      const levels = test.verifies.map((id) => {
        const requirement = byId.get(id);
        if (requirement === undefined) {
          fail(`${where}: test "${localId}" verifies unknown requirement "${id}"`, `add it to ${shown} or fix the id`);
        }
        return requirement.level;
      });
      return {
        id: `${suite.id}/${localId}`,
        suite: suite.id,
        group: group.id,
        title: test.title,
        level: test.level ?? strongest(levels),
        verifies: [...test.verifies],
        dependsOn: (test.dependsOn ?? []).map((dep) => `${suite.id}/${dep.includes('/') ? dep : `${group.id}/${dep}`}`),
        tags: [...(test.tags ?? [])],
        claims: test.claims,
        writes: test.writes === true,
        timeoutSeconds: test.timeoutSeconds,
        definition: test,
      };
    });
    return { id: group.id, title: group.title, tests };
  });

  const tests = groups.flatMap((group) => group.tests);
  checkDependencies(where, tests);
  checkValueSpecs(where, suite);
  return {
    definition: suite,
    info: { id: suite.id, version: suite.version, title: suite.title, requirements },
    groups,
    tests,
    requirementsFile,
  };
}

function readRequirements(where: string, file: string, check: SchemaCheck): Requirement[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`${where}: cannot read its requirements ${displayPath(file)} (${errorCode(error) ?? String(error)})`, 'the suite must ship a requirements.json beside its index.ts');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(`${where}: ${displayPath(file)} is not JSON (${(error as Error).message})`);
  }
  return checkRequirements(where, file, parsed, check);
}

/** Requirements read from a file or generated: schema-valid and with distinct ids. */
function checkRequirements(where: string, file: string, parsed: unknown, check: SchemaCheck): Requirement[] {
  const problem = check(parsed);
  if (problem !== undefined) fail(`${where}: ${displayPath(file)} at ${formatPath(problem.path) || 'top level'} ${problem.message}`);
  const requirements = [...(parsed as readonly Requirement[])];
  const seen = new Set<string>();
  for (const requirement of requirements) {
    if (seen.has(requirement.id)) fail(`${where}: ${displayPath(file)} declares requirement "${requirement.id}" twice`);
    seen.add(requirement.id);
  }
  return requirements;
}

function checkDependencies(where: string, tests: readonly LoadedTest[]): void {
  const byId = new Map(tests.map((test) => [test.id, test]));
  for (const test of tests) {
    for (const dep of test.dependsOn) {
      if (!byId.has(dep)) fail(`${where}: test "${test.id}" depends on unknown test "${dep}"`);
    }
  }
  // Depth-first search for a cycle; the message names the loop so it can be cut.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (test: LoadedTest, trail: readonly string[]): void => {
    if (state.get(test.id) === 'done') return;
    if (state.get(test.id) === 'visiting') {
      const loop = [...trail.slice(trail.indexOf(test.id)), test.id];
      fail(`${where}: tests depend on each other in a loop: ${loop.join(' -> ')}`);
    }
    state.set(test.id, 'visiting');
    for (const dep of test.dependsOn) visit(byId.get(dep) as LoadedTest, [...trail, test.id]);
    state.set(test.id, 'done');
  };
  for (const test of tests) visit(test, []);
}

function checkValueSpecs(where: string, suite: Suite): void {
  for (const [name, spec] of Object.entries(suite.inputs)) {
    if (spec.default !== undefined && !matchesType(spec.default, spec.type)) {
      fail(`${where}: the default of input "${name}" is not a ${spec.type}`);
    }
    if (spec.secret === true && spec.default !== undefined) {
      fail(`${where}: secret input "${name}" cannot have a default`, 'secrets come from the environment or a file');
    }
  }
}

/** Whether a value has the declared type of an input or output. */
export function matchesType(value: unknown, type: 'string' | 'number' | 'boolean' | 'string[]'): boolean {
  if (type === 'string[]') return Array.isArray(value) && value.every((item) => typeof item === 'string');
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === type;
}

/**
 * The file behind a suite asset URL. Compiled suites live under dist/ while their JSON assets ship
 * beside the sources (package.json "files"), so a missing dist path falls back to the source path.
 */
function assetPath(url: URL): string {
  const file = fileURLToPath(url);
  const fromRoot = relative(packageRoot, file);
  const distPrefix = `dist${sep}`;
  if (existsSync(file) || !fromRoot.startsWith(distPrefix)) return file;
  return join(packageRoot, fromRoot.slice(distPrefix.length));
}

function displayPath(file: string): string {
  if (!isAbsolute(file)) return file;
  const fromRoot = relative(packageRoot, file);
  return fromRoot.startsWith('..') ? file : fromRoot;
}

function fail(message: string, fix?: string): never {
  throw new UsageError(message, fix === undefined ? {} : { fix });
}
