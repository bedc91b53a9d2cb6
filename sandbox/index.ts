// The public face of the sandbox: a reference UK Core FHIR R4 server with switchable named defects.
export type { SandboxAuth, SandboxClient } from './auth/tokens.js';
export type { LoadContentOptions, SandboxContent, ServedType } from './content.js';
export { loadSandboxContent, ukCorePackage } from './content.js';
export type { Defect, DefectId } from './defects.js';
export { defectCatalogue, parseDefects } from './defects.js';
export type { Sandbox, SandboxLimits, SandboxOptions } from './server.js';
export { startSandbox } from './server.js';
