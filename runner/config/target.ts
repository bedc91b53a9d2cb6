import { dirname, isAbsolute, resolve } from 'node:path';
import { closest } from '../cli/suggest.js';
import { UsageError } from '../errors.js';
import type { RedactionOptions } from '../transport/redact.js';
import { defaultConfigNames } from './load.js';
import { absoluteRef } from './secrets.js';
import type { RunSettings } from './settings.js';
import { defaultSettings, mergeSettings } from './settings.js';
import type { AuthConfig, DeclaredScope, InputValue, LoadedConfig, RunConfig, SecretRef } from './types.js';

/**
 * Everything about the target a run needs, as plain data: secrets only as references (env names,
 * absolute file paths), so a plan can be queued and executed elsewhere.
 */
export interface TargetSpec {
  readonly name: string;
  /** Always ends with `/`. */
  readonly baseUrl: string;
  readonly auth: AuthConfig;
  readonly headers: Readonly<Record<string, string | SecretRef>>;
  readonly writable: boolean;
  readonly scope?: DeclaredScope;
  readonly tls?: { readonly ca: readonly string[]; readonly cert?: string; readonly key?: SecretRef; readonly passphrase?: SecretRef };
  /** Config inputs, the target's over the file's. */
  readonly inputs: Readonly<Record<string, InputValue>>;
  /** Suites to run when none is named on the command line. */
  readonly suites: readonly string[];
  readonly settings: RunSettings;
  readonly redact: RedactionOptions;
  /** Names where the target was declared, for messages: `assay.config.yaml: targets.sandbox`. */
  readonly declaredIn: string;
}

export interface TargetRequest {
  /** `--target`: a name from the config or a base URL. */
  readonly target: string;
  /** `--token-env`: a bearer token from this environment variable, over any configured auth. */
  readonly tokenEnv?: string;
  /** Flags that override the config's run settings. */
  readonly overrides?: RunConfig;
  readonly cwd: string;
}

/** Resolves `--target` against the config (if any). An unknown name lists the names there are. */
export function resolveTarget(loaded: LoadedConfig | undefined, request: TargetRequest): TargetSpec {
  const config = loaded?.config;
  const isUrl = /^https?:\/\//i.test(request.target);
  const declared = config?.targets[request.target];
  if (!isUrl && declared === undefined) throw unknownTarget(loaded, request);
  if (isUrl) checkUrl(request.target);
  const baseDir = loaded === undefined ? request.cwd : dirname(loaded.file);
  const shownFile = loaded === undefined ? 'the command line' : loaded.locate([]);
  const target = declared ?? { baseUrl: request.target };
  const auth: AuthConfig =
    request.tokenEnv !== undefined
      ? { type: 'bearer', token: { env: request.tokenEnv } }
      : absoluteAuth(target.auth ?? { type: 'none' }, baseDir);
  const tls = target.tls;
  return {
    name: request.target,
    baseUrl: target.baseUrl.endsWith('/') ? target.baseUrl : `${target.baseUrl}/`,
    auth,
    headers: Object.fromEntries(
      Object.entries(target.headers ?? {}).map(([name, value]) => [name, typeof value === 'string' ? value : absoluteRef(value, baseDir)]),
    ),
    writable: target.writable === true,
    ...(target.scope === undefined ? {} : { scope: target.scope }),
    ...(tls === undefined
      ? {}
      : {
          tls: {
            ca: (typeof tls.ca === 'string' ? [tls.ca] : (tls.ca ?? [])).map((file) => absolutePath(file, baseDir)),
            ...(tls.cert === undefined ? {} : { cert: absolutePath(tls.cert, baseDir) }),
            ...(tls.key === undefined ? {} : { key: absoluteRef(tls.key, baseDir) }),
            ...(tls.passphrase === undefined ? {} : { passphrase: absoluteRef(tls.passphrase, baseDir) }),
          },
        }),
    inputs: {
      ...Object.fromEntries(Object.entries(config?.inputs ?? {}).map(([key, value]) => [key, absoluteInput(value, baseDir)])),
      ...Object.fromEntries(Object.entries(target.inputs ?? {}).map(([key, value]) => [key, absoluteInput(value, baseDir)])),
    },
    suites: target.suites ?? [],
    settings: mergeSettings(defaultSettings, config?.run, target.run, request.overrides),
    redact: config?.redact ?? {},
    declaredIn: declared === undefined ? shownFile : `${loaded?.locate(['targets', request.target]) ?? shownFile}: targets.${request.target}`,
  };
}

function unknownTarget(loaded: LoadedConfig | undefined, request: TargetRequest): UsageError {
  if (loaded === undefined) {
    return new UsageError(`--target "${request.target}" is not a URL, and there is no config file to look it up in`, {
      fix: `give the FHIR base URL (https://...), or declare the target in ${defaultConfigNames.slice(0, 2).join(' or ')} (or --config FILE)`,
    });
  }
  const names = Object.keys(loaded.config.targets);
  const suggestion = closest(request.target, names);
  return new UsageError(`unknown target "${request.target}" in ${loaded.locate([])}`, {
    fix: suggestion === undefined ? `targets there: ${names.join(', ')}` : `did you mean "${suggestion}"? Targets there: ${names.join(', ')}`,
  });
}

function checkUrl(url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.search !== '' || parsed.hash !== '') throw new Error('query or fragment');
  } catch {
    throw new UsageError(`--target "${url}" is not a usable base URL`, {
      fix: 'give the FHIR base URL without query or fragment, e.g. https://fhir.example.nhs.uk/R4',
    });
  }
}

function absoluteAuth(auth: AuthConfig, baseDir: string): AuthConfig {
  switch (auth.type) {
    case 'none':
      return auth;
    case 'bearer':
      return { ...auth, token: absoluteRef(auth.token, baseDir) };
    case 'client-credentials':
      return { ...auth, clientSecret: absoluteRef(auth.clientSecret, baseDir) };
    case 'signed-jwt':
    case 'smart-backend':
      return { ...auth, privateKey: absoluteRef(auth.privateKey, baseDir) };
  }
}

function absoluteInput(value: InputValue, baseDir: string): InputValue {
  return typeof value === 'object' && !Array.isArray(value) ? absoluteRef(value as SecretRef, baseDir) : value;
}

function absolutePath(file: string, baseDir: string): string {
  return isAbsolute(file) ? file : resolve(baseDir, file);
}
