import type { Interaction } from '../dsl/suite.js';

/**
 * The configuration file as written (runner/schemas/config.schema.json is its schema). Secrets are never
 * values here, only references to an environment variable or a file, resolved when the run starts.
 */
export type SecretRef = { readonly env: string } | { readonly file: string };

export type AuthConfig =
  | { readonly type: 'none' }
  | { readonly type: 'bearer'; readonly token: SecretRef }
  | {
      readonly type: 'client-credentials';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly clientSecret: SecretRef;
      readonly scope?: string;
      readonly audience?: string;
      readonly method?: 'client_secret_basic' | 'client_secret_post';
    }
  | {
      readonly type: 'signed-jwt';
      readonly tokenUrl: string;
      readonly clientId: string;
      readonly kid: string;
      readonly privateKey: SecretRef;
      readonly algorithm?: 'RS512' | 'RS384' | 'RS256' | 'ES384' | 'ES512';
    }
  | {
      readonly type: 'smart-backend';
      readonly clientId: string;
      readonly kid: string;
      readonly privateKey: SecretRef;
      readonly algorithm?: 'RS384' | 'ES384';
      readonly scope: string;
      readonly tokenUrl?: string;
    };

/** What the vendor claims for the target; tests outside it are omitted. */
export interface DeclaredScope {
  readonly resources?: readonly string[];
  readonly interactions?: readonly Interaction[];
  readonly profiles?: readonly string[];
  readonly apiPacks?: readonly string[];
}

export interface TlsConfig {
  readonly ca?: string | readonly string[];
  readonly cert?: string;
  readonly key?: SecretRef;
  readonly passphrase?: SecretRef;
}

export interface RunConfig {
  readonly concurrency?: number;
  readonly rateLimit?: number;
  readonly retries?: number;
  readonly maxRedirects?: number;
  readonly maxResponseBytes?: number;
  readonly maxEvidenceBodyBytes?: number;
  readonly timeouts?: { readonly connect?: number; readonly request?: number; readonly test?: number };
}

export type InputValue = string | number | boolean | readonly string[] | SecretRef;

export interface TargetConfig {
  readonly baseUrl: string;
  readonly description?: string;
  readonly auth?: AuthConfig;
  readonly headers?: Readonly<Record<string, string | SecretRef>>;
  readonly writable?: boolean;
  readonly scope?: DeclaredScope;
  readonly tls?: TlsConfig;
  readonly inputs?: Readonly<Record<string, InputValue>>;
  readonly suites?: readonly string[];
  readonly run?: RunConfig;
}

export interface AssayConfig {
  readonly targets: Readonly<Record<string, TargetConfig>>;
  readonly run?: RunConfig;
  readonly inputs?: Readonly<Record<string, InputValue>>;
  readonly redact?: { readonly headers?: readonly string[]; readonly parameters?: readonly string[]; readonly patterns?: readonly string[] };
  readonly packages?: readonly string[];
  readonly packageCache?: string;
  /** A FHIR terminology server for codes the loaded packages cannot check; off by default. */
  readonly terminologyServer?: string;
  /** Modules (relative to the config file) whose default export is a suite. */
  readonly suiteModules?: readonly string[];
}

/** A loaded config with where it came from, so paths in it resolve against its folder. */
export interface LoadedConfig {
  readonly file: string;
  readonly config: AssayConfig;
  /** `file:line:col` of the entry at a path, for messages about it; the file alone for `[]`. */
  locate(path: readonly (string | number)[]): string;
}
