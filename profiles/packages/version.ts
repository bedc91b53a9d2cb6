import { compareVersions } from '../canonical-index.js';

/**
 * Package versions as FHIR package references write them: exact (`4.0.1`), a wildcard on the trailing parts
 * (`4.0.x`, `2.x`), or `latest` (the registry's latest release). CI builds (`current`, `dev`) are not releases
 * and are refused: a certificate must name exactly what it used.
 */
export type VersionSpec = { readonly kind: 'exact' | 'wildcard' | 'latest'; readonly text: string };

export function versionSpec(version: string): VersionSpec {
  if (version === 'latest') return { kind: 'latest', text: version };
  if (/^(\d+|x|\*)(\.(\d+|x|\*))*$/.test(version) && /(^|\.)(x|\*)$/.test(version)) return { kind: 'wildcard', text: version };
  return { kind: 'exact', text: version };
}

/** The newest of `versions` the spec accepts; a wildcard never picks a pre-release (`1.0.0-ballot`). */
export function pickVersion(spec: VersionSpec, versions: readonly string[]): string | undefined {
  const accepted = versions.filter((v) => accepts(spec, v));
  return accepted.sort((a, b) => compareVersions(b, a))[0];
}

function accepts(spec: VersionSpec, version: string): boolean {
  switch (spec.kind) {
    case 'exact':
      return version === spec.text;
    case 'latest':
      return !version.includes('-');
    case 'wildcard': {
      if (version.includes('-')) return false;
      const wanted = spec.text.split('.');
      const parts = version.split('.');
      return wanted.every((part, i) => part === 'x' || part === '*' || part === parts[i]);
    }
  }
}
