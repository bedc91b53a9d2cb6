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
} as const;
