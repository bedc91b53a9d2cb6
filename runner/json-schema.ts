import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { closest } from './cli/suggest.js';
import { packageRoot } from './package-root.js';

/**
 * Checks Assay's own JSON documents against the JSON Schemas (draft 2020-12) it ships: the config and suite
 * requirements (runner/schemas/), the run report, certificate and gate policy (reports/schemas/). A fresh
 * compiler per schema keeps no process-wide state; compiling takes milliseconds.
 */

/** ajv-formats is CommonJS; under NodeNext its default import is the module object or the plugin itself. */
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

function compile(schema: object, referenced: readonly object[], allErrors: boolean): ValidateFunction {
  const ajv = addFormats(new Ajv2020({ allErrors, discriminator: true, strict: true, verbose: true, schemas: [...referenced] }));
  // `hint` in a schema says in plain words what a value must look like, for the one-line error.
  ajv.addKeyword({ keyword: 'hint', schemaType: 'string' });
  return ajv.compile(schema);
}

/** One problem in a JSON document, with the path to the bad value as keys and indexes. */
export interface SchemaProblem {
  readonly path: readonly (string | number)[];
  /** Says what is wrong and what is allowed, e.g. `is not a known key; allowed: baseUrl, auth`. */
  readonly message: string;
}

/**
 * A validator for one of the schemas in runner/schemas/, for files the user writes (config, requirements):
 * the problem comes with its path, so the caller can point at the line and column in the user's file.
 */
export type SchemaCheck = (document: unknown) => SchemaProblem | undefined;

/** Compiles `runner/schemas/<name>`; the first problem it returns is the most specific one. */
export function schemaCheck(name: string): SchemaCheck {
  const schema: unknown = JSON.parse(readFileSync(join(packageRoot, 'runner', 'schemas', name), 'utf8'));
  const validate = compile(schema as object, [], true);
  return (document) => (validate(document) ? undefined : mostSpecific(validate.errors ?? []));
}

/** For documents Assay itself writes and reads back (run report, certificate, gate policy). */
export interface DocumentCheck<T> {
  /** The value typed as T when it matches, else one sentence naming the first problem and where it is (a JSON pointer). */
  (value: unknown): { ok: true; value: T } | { ok: false; problem: string };
}

/** Compiles a document schema with the schemas it refers to. */
export function compileSchema<T>(schema: object, ...referenced: object[]): DocumentCheck<T> {
  const validate = compile(schema, referenced, false);
  return (value: unknown) => (validate(value) ? { ok: true, value: value as T } : { ok: false, problem: sentence(validate.errors?.[0]) });
}

/** `targets.sandbox.auth` from `['targets', 'sandbox', 'auth']`; `[2]` for array items. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const segment = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
    return text === '' ? segment : `${text}.${segment}`;
  }, '');
}

function mostSpecific(errors: readonly ErrorObject[]): SchemaProblem | undefined {
  // oneOf/anyOf report their own failure besides each branch's: the deepest concrete error names the fix,
  // unless it lies inside a schema that gives a plain-words hint for the value as a whole.
  const concrete = errors.filter((error) => !['oneOf', 'anyOf', 'if'].includes(error.keyword));
  const best = [...(concrete.length > 0 ? concrete : errors)].sort((a, b) => depth(b) - depth(a))[0];
  if (best === undefined) return undefined;
  const hinted = errors.find(
    (error) =>
      hintOf(error) !== undefined &&
      best.schemaPath.startsWith(error.schemaPath) &&
      best.instancePath.startsWith(error.instancePath),
  );
  return describe(hinted ?? best);
}

function depth(error: ErrorObject): number {
  return pathOf(error).length + (error.keyword === 'additionalProperties' ? 1 : 0);
}

function pathOf(error: ErrorObject): (string | number)[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function describe(error: ErrorObject): SchemaProblem {
  const path = pathOf(error);
  const hint = hintOf(error);
  if (hint !== undefined) return { path, message: hint };
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties ?? {}) as object);
      return {
        path: [...path, String(params.additionalProperty)],
        message: `is not a known key; allowed here: ${allowed.join(', ')}`,
      };
    }
    case 'required':
      return { path, message: `needs "${String(params.missingProperty)}"` };
    case 'enum':
      return { path, message: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { path, message: `must be ${article(String(params.type))}` };
    case 'discriminator':
      return { path: [...path, String(params.tag)], message: discriminatorMessage(error) };
    default:
      return { path, message: error.message ?? 'is not allowed here' };
  }
}

function hintOf(error: ErrorObject): string | undefined {
  const hint: unknown = error.parentSchema?.hint;
  return typeof hint === 'string' ? hint : undefined;
}

function discriminatorMessage(error: ErrorObject): string {
  const branches = ((error.parentSchema?.oneOf ?? []) as { properties?: Record<string, { const?: unknown }> }[])
    .map((branch) => branch.properties?.[String((error.params as { tag: string }).tag)]?.const)
    .filter((value) => value !== undefined);
  return `must be one of: ${branches.map(String).join(', ')}`;
}

function article(type: string): string {
  return /^[aeio]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** One ajv error as a sentence: where (a JSON pointer) and what is wrong, with the allowed values. */
function sentence(error: ErrorObject | undefined): string {
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
