import { join, resolve } from 'node:path';
import { packageRoot } from '../../runner/package-root.js';

/** The project's checkout. */
export const repoRoot = packageRoot;

/** Read-only data every developer and CI run has beside the checkout (../shared). Never write here. */
export const sharedDir = resolve(process.env.ASSAY_SHARED ?? join(repoRoot, '..', 'shared'));

/** The read-only FHIR package cache the tests use (R4 core 4.0.1, UK Core STU2 2.0.2). */
export const sharedPackageCache = resolve(process.env.ASSAY_PACKAGE_CACHE ?? join(sharedDir, 'fhir-packages'));
