import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { closest } from '../runner/cli/suggest.js';
import { UsageError } from '../runner/errors.js';

/** ajv-formats is CommonJS; under NodeNext its default import is the module object or the plugin itself. */
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

export interface SchemaCheck<T> {
  /** The value typed as T when it matches, else one sentence naming the first problem and where it is. */
  (value: unknown): { ok: true; value: T } | { ok: false; problem: string };
}

/**
 * Compiles one of Assay's own JSON Schemas (draft 2020-12), with the schemas it refers to. A fresh compiler per call keeps no
 * process-wide state; compiling takes milliseconds, which every caller can afford.
 */
export function compileSchema<T>(schema: object, ...referenced: object[]): SchemaCheck<T> {
  const ajv = addFormats(new Ajv2020({ allErrors: false, strict: true, verbose: true, schemas: referenced }));
  const validate = ajv.compile(schema);
  return (value: unknown) =>
    validate(value) ? { ok: true, value: value as T } : { ok: false, problem: describe(validate.errors?.[0]) };
}

/** One ajv error as a sentence: where (a JSON pointer) and what is wrong, with the allowed values. */
function describe(error: ErrorObject | undefined): string {
  if (error === undefined) return 'does not match its schema';
  const where = error.instancePath === '' ? 'at the top level' : `at ${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = closest(key, allowed);
      const hint = suggestion === undefined ? ` (allowed: ${allowed.join(', ')})` : `; did you mean "${suggestion}"?`;
      return `unknown key "${key}" ${where}${hint}`;
    }
    case 'required':
      return `missing key "${String(params.missingProperty)}" ${where}`;
    case 'enum':
      return `${where} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where} must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${where} ${error.message ?? 'is not valid'}`;
  }
}

/** Parses JSON text, naming the file and saying whether it was cut short or is corrupted. */
export function parseJsonFile(text: string, what: string, fix: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const position = Number(/at position (\d+)/.exec(reason)?.[1] ?? Number.NaN);
    const end = text.trimEnd().length;
    if (/end of (JSON )?input|Unterminated/i.test(reason) || position >= end) {
      throw new UsageError(`${what} is truncated (its JSON stops unfinished after ${end} characters)`, { fix });
    }
    throw new UsageError(`${what} is not valid JSON (${reason})`, { fix });
  }
}
