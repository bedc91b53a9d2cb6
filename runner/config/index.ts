// Configuration: assay.config.json or .yaml, validated against runner/schemas/config.schema.json.
export { defaultConfigNames, findConfig, loadConfig } from './load.js';
export type { SecretSource } from './secrets.js';
export { readSecret } from './secrets.js';
export type { RunSettings } from './settings.js';
export { defaultSettings, mergeSettings } from './settings.js';
export type { TargetRequest, TargetSpec } from './target.js';
export { resolveTarget } from './target.js';
export type {
  AssayConfig,
  AuthConfig,
  DeclaredScope,
  InputValue,
  LoadedConfig,
  RunConfig,
  SecretRef,
  TargetConfig,
  TlsConfig,
} from './types.js';
