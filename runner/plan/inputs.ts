import type { InputValue, SecretRef } from '../config/types.js';
import type { InputSpec, InputsSpec } from '../dsl/suite.js';
import { matchesType } from '../dsl/load.js';
import { UsageError } from '../errors.js';

/** A resolved input as the plan carries it: a value, or for a secret input only its reference. */
export type PlannedInput = string | number | boolean | readonly string[] | SecretRef;

export interface InputSources {
  /** `--input key=value` or `--input suite.key=value`, in the order given. */
  readonly cli: readonly string[];
  /** The environment: `ASSAY_INPUT_<KEY>` (patientId → ASSAY_INPUT_PATIENT_ID). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Config inputs (the target's over the file's), `key` or `suite.key`. */
  readonly config: Readonly<Record<string, InputValue>>;
}

/** The environment variable an input can be given in. */
export function inputEnvName(key: string): string {
  return `ASSAY_INPUT_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}

/**
 * Resolves every suite's inputs: command line over environment over config over default. Typed values
 * from text are converted by the declared type; anything missing or mistyped is one message naming every
 * input and where it can be given.
 */
export function resolveInputs(
  suites: readonly { readonly id: string; readonly inputs: InputsSpec }[],
  sources: InputSources,
): Map<string, Record<string, PlannedInput>> {
  const cli = parseCli(sources.cli, suites);
  const problems: string[] = [];
  const resolved = new Map<string, Record<string, PlannedInput>>();
  for (const suite of suites) {
    const values: Record<string, PlannedInput> = {};
    for (const [key, spec] of Object.entries(suite.inputs)) {
      const value = resolveOne(suite.id, key, spec, cli, sources, problems);
      if (value !== undefined) values[key] = value;
    }
    resolved.set(suite.id, values);
  }
  if (problems.length > 0) {
    throw new UsageError(problems.join('; '), { fix: 'set them in the config under the target\'s "inputs", with --input KEY=VALUE, or in ASSAY_INPUT_<KEY>' });
  }
  return resolved;
}

function resolveOne(
  suite: string,
  key: string,
  spec: InputSpec,
  cli: ReadonlyMap<string, string>,
  sources: InputSources,
  problems: string[],
): PlannedInput | undefined {
  const fromCli = cli.get(`${suite}.${key}`) ?? cli.get(key);
  if (fromCli !== undefined) {
    if (spec.secret === true) {
      problems.push(`input ${key} of suite ${suite} is secret and cannot be given on the command line (use ${inputEnvName(key)} or {"env"}/{"file"} in the config)`);
      return undefined;
    }
    return convert(fromCli, spec, `--input ${key}`, problems);
  }
  const envName = inputEnvName(key);
  const fromEnv = sources.env[envName];
  if (fromEnv !== undefined && fromEnv !== '') {
    return spec.secret === true ? { env: envName } : convert(fromEnv, spec, envName, problems);
  }
  const fromConfig = sources.config[`${suite}.${key}`] ?? sources.config[key];
  if (fromConfig !== undefined) {
    const isRef = typeof fromConfig === 'object' && !Array.isArray(fromConfig);
    if (isRef) {
      if (spec.secret !== true) {
        problems.push(`input ${key} of suite ${suite} is not secret: give its value in the config, not a reference`);
        return undefined;
      }
      return fromConfig;
    }
    if (spec.secret === true) {
      problems.push(`input ${key} of suite ${suite} is secret: reference it in the config with {"env": ...} or {"file": ...}`);
      return undefined;
    }
    if (!matchesType(fromConfig, spec.type)) {
      problems.push(`input ${key} of suite ${suite} must be ${describeType(spec.type)} (config has ${JSON.stringify(fromConfig)})`);
      return undefined;
    }
    return fromConfig as PlannedInput;
  }
  if (spec.default !== undefined) return spec.default;
  if (spec.optional !== true) problems.push(`suite ${suite} needs input ${key} (${spec.title})`);
  return undefined;
}

function convert(text: string, spec: InputSpec, where: string, problems: string[]): PlannedInput | undefined {
  switch (spec.type) {
    case 'string':
      return text;
    case 'string[]':
      return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
    case 'number': {
      const value = Number(text);
      if (text.trim() !== '' && Number.isFinite(value)) return value;
      problems.push(`${where} must be a number (got "${text}")`);
      return undefined;
    }
    case 'boolean': {
      const value = { true: true, yes: true, '1': true, false: false, no: false, '0': false }[text.trim().toLowerCase()];
      if (value !== undefined) return value;
      problems.push(`${where} must be true or false (got "${text}")`);
      return undefined;
    }
  }
}

function parseCli(entries: readonly string[], suites: readonly { readonly id: string; readonly inputs: InputsSpec }[]): Map<string, string> {
  const known = new Set(suites.flatMap((suite) => Object.keys(suite.inputs).flatMap((key) => [key, `${suite.id}.${key}`])));
  const result = new Map<string, string>();
  for (const entry of entries) {
    const equals = entry.indexOf('=');
    if (equals <= 0) throw new UsageError(`--input "${entry}" is not KEY=VALUE`, { fix: 'e.g. --input patientId=9000000009' });
    const key = entry.slice(0, equals);
    if (!known.has(key)) {
      const declared = [...new Set(suites.flatMap((suite) => Object.keys(suite.inputs)))];
      throw new UsageError(`--input ${key}: no selected suite takes an input of that name`, {
        fix: declared.length === 0 ? 'the selected suites take no inputs' : `inputs they take: ${declared.join(', ')}`,
      });
    }
    result.set(key, entry.slice(equals + 1));
  }
  return result;
}

function describeType(type: InputSpec['type']): string {
  return type === 'string[]' ? 'a list of strings' : `a ${type}`;
}
