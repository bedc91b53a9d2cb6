import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Definitions, PackageFlags, ProfileSet } from '../../../profiles/index.js';
import type { LoadedConfig } from '../../config/types.js';
import type { Suite } from '../../dsl/suite.js';
import { UsageError } from '../../errors.js';

/**
 * The suites a command can use: Assay's own (suites/index.ts) plus any the config names in
 * `suiteModules`, each a module whose default export is a `defineSuite(...)`.
 */
export async function suiteRegistry(loaded: LoadedConfig | undefined): Promise<Suite[]> {
  const { suites } = await import('../../../suites/index.js');
  const extra: Suite[] = [];
  for (const [index, module] of (loaded?.config.suiteModules ?? []).entries()) {
    const file = resolve(dirname(loaded?.file ?? '.'), module);
    const where = `${loaded?.locate(['suiteModules', index]) ?? module}: suite module ${module}`;
    let imported: { default?: unknown };
    try {
      imported = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (error) {
      throw new UsageError(`${where} cannot be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, {
        fix: 'check the path (relative to the config file) and that the module builds',
      });
    }
    if (!isSuite(imported.default)) {
      throw new UsageError(`${where} has no suite as its default export`, { fix: 'export default defineSuite({ ... })' });
    }
    extra.push(imported.default);
  }
  const all = [...suites, ...extra];
  const ids = all.map((suite) => suite.id);
  const twice = ids.find((id, index) => ids.indexOf(id) !== index);
  if (twice !== undefined) throw new UsageError(`two suites have the id "${twice}"`, { fix: 'rename the suite in your module' });
  return all;
}

function isSuite(value: unknown): value is Suite {
  if (typeof value !== 'object' || value === null) return false;
  const suite = value as Partial<Record<keyof Suite, unknown>>;
  return typeof suite.id === 'string' && typeof suite.version === 'string' && suite.requirements instanceof URL && Array.isArray(suite.tests);
}

/** What a run executes: its suites (generated ones built) and, when any suite validates, the ProfileSet. */
export interface RunnableSuites {
  readonly suites: readonly Suite[];
  readonly profiles: ProfileSet | undefined;
}

/**
 * The suites `assay run` can pick from: the registry, plus any generated suite (uk-core) among `ids`.
 * The FHIR packages the run needs (those the chosen suites validate against, the generated suites' own,
 * the config's and --package) are loaded once: the generated suites and the ProfileSet `ctx.validate`
 * uses come from the same Definitions. A package that cannot be loaded is one message naming it.
 */
export async function runnableSuites(
  loaded: LoadedConfig | undefined,
  ids: readonly string[],
  packages: { readonly flags: PackageFlags & { readonly 'terminology-server'?: string | undefined }; readonly env: Readonly<Record<string, string | undefined>> },
  preloaded?: Definitions,
): Promise<RunnableSuites> {
  const registry = await suiteRegistry(loaded);
  const known = new Set(registry.map((suite) => suite.id));
  const { generatedSuites } = await import('../../../suites/index.js');
  const generators = generatedSuites.filter((entry) => ids.includes(entry.id) && !known.has(entry.id));
  const needed = [
    ...new Set([
      ...registry.filter((suite) => ids.includes(suite.id)).flatMap((suite) => suite.packages ?? []),
      ...generators.flatMap((entry) => entry.packages),
      ...(loaded?.config.packages ?? []),
      ...(packages.flags.package ?? []),
    ]),
  ];
  if (needed.length === 0) return { suites: registry, profiles: undefined };

  const { definitionsOptions, loadDefinitions, profileSetOf } = await import('../../../profiles/index.js');
  const options = definitionsOptions(
    { ...packages.flags, 'package-cache': packages.flags['package-cache'] ?? loaded?.config.packageCache },
    packages.env,
  );
  const definitions = preloaded !== undefined && holdsAll(preloaded, needed) ? preloaded : await loadDefinitions({ ...options, packages: needed });
  const terminologyServer = packages.flags['terminology-server'] ?? loaded?.config.terminologyServer;
  return {
    suites: [...registry, ...generators.map((entry) => entry.generate(definitions))],
    profiles: profileSetOf(definitions, terminologyServer === undefined ? {} : { terminologyServer }),
  };
}

/** Whether already-loaded Definitions hold every package asked for as `id#version` (a path is never assumed loaded). */
function holdsAll(definitions: Definitions, packages: readonly string[]): boolean {
  const loaded = new Set(definitions.packages.map((pkg) => `${pkg.id}#${pkg.version}`));
  return packages.every((ref) => loaded.has(ref));
}
