/** Flags shared by every command that loads FHIR packages. */
export const packageOptions = {
  package: {
    type: 'string',
    multiple: true,
    value: 'ID#VERSION|PATH',
    description: 'a FHIR package to load: id#version (from the cache or a registry), a package folder or a .tgz',
  },
  'package-cache': {
    type: 'string',
    value: 'DIR',
    description: 'the FHIR package cache (default: $ASSAY_PACKAGE_CACHE, else ~/.fhir/packages)',
  },
  registry: {
    type: 'string',
    value: 'URL',
    description: 'the FHIR package registry for packages not in the cache (default: $ASSAY_PACKAGE_REGISTRY, else https://packages.fhir.org)',
  },
  offline: {
    type: 'boolean',
    description: 'never download packages (also: ASSAY_OFFLINE=1)',
  },
  'compiled-cache': {
    type: 'string',
    value: 'DIR',
    description: 'where compiled packages are kept for fast warm starts (default: $ASSAY_COMPILED_CACHE, else ~/.cache/assay)',
  },
} as const;
