import { existsSync, readFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Document } from 'yaml';
import { isMap, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import { errorCode, UsageError } from '../errors.js';
import type { SchemaCheck } from '../json-schema.js';
import { formatPath, schemaCheck } from '../json-schema.js';
import type { AssayConfig, LoadedConfig } from './types.js';

/** Looked for in the working folder, in this order, when --config is not given. */
export const defaultConfigNames = ['assay.config.json', 'assay.config.yaml', 'assay.config.yml'] as const;

/** The config file to use: --config if given, else the one default file in `cwd`; undefined if none. */
export function findConfig(cwd: string, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return resolve(cwd, explicit);
  const found = defaultConfigNames.map((name) => resolve(cwd, name)).filter((file) => existsSync(file));
  if (found.length > 1) {
    throw new UsageError(`more than one config file here: ${found.map((file) => basename(file)).join(', ')}`, {
      fix: 'keep one, or pick one with --config FILE',
    });
  }
  return found[0];
}

/**
 * Reads, parses and validates a config file (JSON or YAML; JSON is read with the YAML parser, which
 * accepts it and gives positions). A problem names `file:line:col`, the key, and what is allowed.
 */
export function loadConfig(file: string, cwd: string, check: SchemaCheck = schemaCheck('config.schema.json')): LoadedConfig {
  const shown = relative(cwd, file).startsWith('..') ? file : relative(cwd, file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the config file ${shown} (${errorCode(error) ?? String(error)})`, {
      fix: 'check the path given to --config',
    });
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const { line, col } = lines.linePos(syntax.pos[0]);
    throw new UsageError(`${shown}:${line}:${col}: ${firstLine(syntax.message)}`, {
      fix: `fix the ${file.endsWith('.json') ? 'JSON' : 'YAML'} syntax`,
    });
  }
  const locate = (path: readonly (string | number)[]): string => {
    const offset = path.length === 0 ? undefined : offsetOf(document, path);
    if (offset === undefined) return shown;
    const { line, col } = lines.linePos(offset);
    return `${shown}:${line}:${col}`;
  };
  const value: unknown = document.toJS();
  const problem = check(value);
  if (problem !== undefined) {
    const key = formatPath(problem.path);
    throw new UsageError(`${locate(problem.path)}: ${key === '' ? 'the config' : key} ${problem.message}`, {
      fix: 'see "Configuration" in the README',
    });
  }
  return { file, config: value as AssayConfig, locate };
}

/** Where the entry at `path` starts: its key for a member, the item itself for an array element. */
function offsetOf(document: Document, path: readonly (string | number)[]): number | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !('items' in node)) return offset;
    const items = (node as { items: unknown[] }).items;
    const item = isMap(node)
      ? items.find((pair) => isPair(pair) && isScalar(pair.key) && pair.key.value === key)
      : typeof key === 'number'
        ? items[key]
        : undefined;
    if (item === undefined) return offset;
    if (isPair(item)) {
      offset = rangeStart(item.key) ?? offset;
      node = item.value;
    } else {
      offset = rangeStart(item) ?? offset;
      node = item;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: [number, number, number] | null }).range;
  return range?.[0];
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
