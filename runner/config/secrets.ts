import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { errorCode, UsageError } from '../errors.js';
import type { Redactor } from '../transport/redact.js';
import type { SecretRef } from './types.js';

/** Where secrets come from: the environment and files; each value read is registered for redaction. */
export interface SecretSource {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly redactor: Redactor;
}

/**
 * Reads a secret. `where` names the setting for the message (`targets.sandbox.auth.token` or
 * `--token-env`); file paths are absolute by the time they get here (see target.ts).
 */
export function readSecret(ref: SecretRef, where: string, source: SecretSource): string {
  const value = 'env' in ref ? fromEnv(ref.env, where, source) : readSettingFile(ref.file, where);
  source.redactor.addSecret(value);
  return value;
}

function fromEnv(name: string, where: string, source: SecretSource): string {
  const value = source.env[name];
  if (value === undefined || value.trim() === '') {
    throw new UsageError(`${where}: the environment variable ${name} is not set`, {
      fix: `export ${name}, or point the setting at a file with {"file": "PATH"}`,
    });
  }
  return value.trim();
}

/** A file a setting names (a key, a certificate); `where` names the setting for the message. */
export function readSettingFile(file: string, where: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${where}: cannot read ${file} (${errorCode(error) ?? 'unreadable'})`, {
      fix: 'check the path (relative paths are relative to the config file) and its permissions',
    });
  }
}

/** A file reference made absolute against the config's folder, so a plan carries no relative paths. */
export function absoluteRef(ref: SecretRef, baseDir: string): SecretRef {
  return 'file' in ref ? { file: isAbsolute(ref.file) ? ref.file : resolve(baseDir, ref.file) } : ref;
}
