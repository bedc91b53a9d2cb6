import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PackageFlags } from '../../../profiles/index.js';
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

/**
 * The suites `assay run` can pick from: the registry, plus any generated suite (uk-core) among `ids`,
 * built from its packages; a package that cannot be loaded is one message naming it and the cache.
 */
export async function runnableSuites(
  loaded: LoadedConfig | undefined,
  ids: readonly string[],
  packages: { readonly flags: PackageFlags; readonly env: Readonly<Record<string, string | undefined>> },
): Promise<Suite[]> {
  const registry = await suiteRegistry(loaded);
  const known = new Set(registry.map((suite) => suite.id));
  const { generatedSuites } = await import('../../../suites/index.js');
  const wanted = generatedSuites.filter((entry) => ids.includes(entry.id) && !known.has(entry.id));
  if (wanted.length === 0) return registry;
  const { definitionsOptions, loadDefinitions } = await import('../../../profiles/index.js');
  const options = definitionsOptions(
    { ...packages.flags, 'package-cache': packages.flags['package-cache'] ?? loaded?.config.packageCache },
    packages.env,
  );
  const generated: Suite[] = [];
  for (const entry of wanted) generated.push(entry.generate(await loadDefinitions({ ...options, packages: entry.packages })));
  return [...registry, ...generated];
}
