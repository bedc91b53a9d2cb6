/**
 * The uk-core suite, generated from the loaded UK Core package: a group per resource profile, a test per
 * Must Support element, generated requirements whose sources are the profile and element canonicals. A new
 * UK Core release gives a new suite with no code change; ids derive from profile and element ids only.
 * The target's scope (config, or supportedProfile in its CapabilityStatement) decides which profiles apply:
 * each test claims its profile and is omitted where the target does not.
 */
import type { Definitions } from '../../profiles/index.js';
import type { Suite } from '../../runner/dsl/index.js';
import { defineSuite } from '../../runner/dsl/index.js';
import { readCatalogue } from './catalogue.js';
import { inputs } from './inputs.js';
import { profileGroup } from './profile-tests.js';
import { generatedRequirements } from './requirements.js';

/** The UK Core package the suite is generated from by default. */
export const ukCorePackage = 'fhir.r4.ukcore.stu2#2.0.2';
const generatorVersion = '1.0.0';

export interface UkCoreSuiteOptions {
  /** Profiles are the resource StructureDefinitions under this canonical base. */
  readonly canonicalBase?: string;
}

/** The uk-core suite for the UK Core content loaded in `definitions`. */
export function ukCoreSuite(definitions: Definitions, options: UkCoreSuiteOptions = {}): Suite {
  const catalogue = readCatalogue(definitions, options.canonicalBase ?? 'https://fhir.hl7.org.uk/StructureDefinition/');
  if (catalogue.profiles.length === 0) {
    throw new Error(`no UK Core profile is loaded (packages: ${definitions.packages.map((p) => `${p.id}#${p.version}`).join(', ')})`);
  }
  const packages = definitions.packages.map((loaded) => `${loaded.id}#${loaded.version}`);
  const ukCore = definitions.packages.find((loaded) => loaded.id.includes('ukcore')) ?? definitions.packages[0];
  return defineSuite({
    id: 'uk-core',
    version: `${generatorVersion}+${ukCore === undefined ? 'none' : `${ukCore.id}.${ukCore.version}`}`,
    title: `UK Core profiles (generated from ${packages.join(', ')})`,
    description: 'Conformance, Must Support coverage, NHS number and ODS code rules, reference resolution and the SHALL search parameters of every UK Core profile the target declares.',
    requirements: generatedRequirements(catalogue),
    inputs,
    packages,
    tests: catalogue.profiles.map((profile) => profileGroup(profile, catalogue)),
  });
}
