import { UsageError } from '../runner/errors.js';
import { compiledCacheDir } from './compiled-cache/cache-key.js';
import type { LoadDefinitionsOptions } from './definitions.js';
import { packageCacheDir } from './packages/package-cache.js';
import { defaultRegistry, httpRegistry } from './packages/registry.js';

/** The package flags every command that loads packages shares (see runner/cli/common-options.ts). */
export interface PackageFlags {
  readonly package?: readonly string[] | undefined;
  readonly 'package-cache'?: string | undefined;
  readonly registry?: string | undefined;
  readonly offline?: boolean | undefined;
  readonly 'compiled-cache'?: string | undefined;
}

/**
 * loadDefinitions' options from the command line and the environment: the cache, the registry (downloads
 * on unless --offline or ASSAY_OFFLINE=1) and the compiled cache for warm starts.
 */
export function definitionsOptions(flags: PackageFlags, env: Readonly<Record<string, string | undefined>>): LoadDefinitionsOptions {
  const registry = flags.registry ?? nonEmpty(env.ASSAY_PACKAGE_REGISTRY) ?? defaultRegistry;
  if (!/^https?:\/\/[^/]/.test(registry)) {
    throw new UsageError(`the package registry "${registry}" is not an http(s) URL`, { fix: 'give --registry (or ASSAY_PACKAGE_REGISTRY) as e.g. https://packages.fhir.org' });
  }
  return {
    packages: flags.package ?? [],
    cacheDir: packageCacheDir(flags['package-cache'], env),
    registry: httpRegistry(registry),
    offline: flags.offline === true || env.ASSAY_OFFLINE === '1' || env.ASSAY_OFFLINE === 'true',
    compiledCache: compiledCacheDir(flags['compiled-cache'], env),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
