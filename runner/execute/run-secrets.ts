import type { SecretSource } from '../config/secrets.js';
import { readSecret, readSettingFile } from '../config/secrets.js';
import type { SecretRef } from '../config/types.js';
import type { RunPlan } from '../plan/plan.js';
import type { TlsOptions } from '../transport/transport.js';

/** The secret material of a plan, read once when the run starts (each value registered for redaction). */
export interface RunSecrets {
  readonly headers: Readonly<Record<string, string>>;
  readonly tls: TlsOptions | undefined;
  readonly inputs: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
}

export function readRunSecrets(plan: RunPlan, secrets: SecretSource): RunSecrets {
  const where = plan.target.declaredIn;
  const headers = Object.fromEntries(
    Object.entries(plan.target.headers).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : readSecret(value, `${where}.headers.${name}`, secrets),
    ]),
  );
  const tls = plan.target.tls;
  const tlsOptions: TlsOptions | undefined =
    tls === undefined
      ? undefined
      : {
          ca: tls.ca.map((file) => readSettingFile(file, `${where}.tls.ca`)),
          ...(tls.cert === undefined ? {} : { cert: readSettingFile(tls.cert, `${where}.tls.cert`) }),
          ...(tls.key === undefined ? {} : { key: readSecret(tls.key, `${where}.tls.key`, secrets) }),
          ...(tls.passphrase === undefined ? {} : { passphrase: readSecret(tls.passphrase, `${where}.tls.passphrase`, secrets) }),
        };
  const inputs = new Map(
    plan.suites.map((suite) => [
      suite.id,
      Object.fromEntries(
        Object.entries(suite.inputs).map(([key, value]) => [
          key,
          isRef(value) ? readSecret(value, `input ${key} of suite ${suite.id}`, secrets).trim() : value,
        ]),
      ),
    ]),
  );
  return { headers, tls: tlsOptions, inputs };
}

function isRef(value: unknown): value is SecretRef {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

