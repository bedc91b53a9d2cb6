import type { Suite } from '../../dsl/suite.js';
import { UsageError } from '../../errors.js';

/**
 * The suites generated from FHIR packages (uk-core from UK Core), built from the package cache without
 * downloading: a package that is not cached leaves its suite out with a note saying how to add it.
 */
export async function generatedSuites(cacheDir: string): Promise<{ suites: Suite[]; notes: string[] }> {
  const [{ generatedSuites: entries }, { loadDefinitions }] = await Promise.all([import('../../../suites/index.js'), import('../../../profiles/index.js')]);
  const suites: Suite[] = [];
  const notes: string[] = [];
  for (const entry of entries) {
    try {
      suites.push(entry.generate(await loadDefinitions({ packages: entry.packages, cacheDir, offline: true })));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      notes.push(`${entry.id} is generated from ${entry.packages.join(', ')}, which cannot be loaded from ${cacheDir} (${error.line}); "assay packages install ${entry.packages.join(' ')}" adds it`);
    }
  }
  return { suites, notes };
}
