import type { LoadDefinitionsOptions } from './definitions.js';
import { loadDefinitions } from './definitions.js';
import { LocalTerminology, RemoteTerminology } from './terminology/index.js';
import type { Definitions, ProfileSet } from './types.js';
import { createValidator } from './validator/index.js';

export interface LoadProfileSetOptions extends LoadDefinitionsOptions {
  /**
   * A FHIR terminology server for codes local expansion cannot decide (SNOMED CT, dm+d, …); off by default,
   * when such codes are reported as not checked.
   */
  readonly terminologyServer?: string | undefined;
  /** Apply NHS England identifier rules; by default when a UK Core package is loaded. */
  readonly nhsRules?: boolean | undefined;
}

/** The packages Assay validates against when none is asked for: UK Core STU2, and R4 core through it. */
export const defaultPackages: readonly string[] = ['fhir.r4.ukcore.stu2#2.0.2'];

/** Loads the packages and compiles them into the frozen ProfileSet the runner, the sandbox and the suites share. */
export async function loadProfileSet(options: LoadProfileSetOptions): Promise<ProfileSet> {
  const definitions = await loadDefinitions({ ...options, packages: options.packages.length > 0 ? options.packages : defaultPackages });
  return profileSetOf(definitions, options);
}

/** A ProfileSet over definitions already loaded. */
export function profileSetOf(definitions: Definitions, options: Pick<LoadProfileSetOptions, 'terminologyServer' | 'nhsRules'> = {}): ProfileSet {
  const local = new LocalTerminology(definitions);
  const terminology = options.terminologyServer === undefined ? local : new RemoteTerminology(options.terminologyServer, local);
  const validator = createValidator(definitions, { terminology, ...(options.nhsRules === undefined ? {} : { nhsRules: options.nhsRules }) });
  return Object.freeze({
    packages: definitions.packages,
    terminology: terminology.mode,
    resolve: (canonical: string) => definitions.resolve(canonical),
    validate: (resource: unknown, validateOptions?: Parameters<ProfileSet['validate']>[1]) => validator.validate(resource, validateOptions),
  });
}
