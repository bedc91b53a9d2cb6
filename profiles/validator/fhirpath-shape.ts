import type { Model } from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4/index.js';

/**
 * How fhirpath.js sees plain FHIR JSON, for the native forms of R4's invariants (native-invariants.ts): which
 * members give nodes, and when JSON is unusual enough that only fhirpath.js itself can say what it sees.
 */

export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `x?.length || 0` as fhirpath.js reads the length of a `_name` companion. */
function companionLength(extra: unknown): number {
  if (typeof extra === 'string' || Array.isArray(extra)) return extra.length;
  if (isPlainObject(extra) && typeof extra.length === 'number') return extra.length || 0;
  return 0;
}

/**
 * Whether member `name` of an object gives fhirpath.js at least one node (makeChildResNodes): a value, one
 * per array item, or a `_name` companion (extensions on a primitive with no value).
 */
export function hasNodes(obj: JsonObject, name: string): boolean {
  const value = obj[name];
  // A single value is a node whatever its companion holds (and the companion's name need not be made).
  if (value !== undefined && value !== null && !Array.isArray(value)) return true;
  const extra = obj[`_${name}`];
  if ((value === undefined || value === null) && (extra === undefined || extra === null)) return false;
  if (Array.isArray(value)) return value.length > 0 || companionLength(extra) > 0;
  if ((value === undefined || value === null) && Array.isArray(extra)) return extra.length > 0;
  return true;
}

/**
 * The items of member `name` when they are plain (no `_name` companion, no nulls, no nested arrays): what a
 * native form can read exactly. Undefined when fhirpath.js must decide. A caller that asks often passes the
 * companion's name made once.
 */
export function plainItems(obj: JsonObject, name: string, companion = `_${name}`): readonly unknown[] | undefined {
  if (companion in obj) return undefined;
  const value = obj[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return [value];
  const items = value as readonly unknown[];
  for (const item of items) if (item === null || item === undefined || Array.isArray(item)) return undefined;
  return items;
}

/** The items of member `name` when each is a plain object; undefined otherwise. */
export function plainObjects(obj: JsonObject, name: string): readonly JsonObject[] | undefined {
  const items = plainItems(obj, name);
  if (items === undefined) return undefined;
  for (const item of items) if (!isPlainObject(item)) return undefined;
  return items as readonly JsonObject[];
}

/** A member that is a single string (or absent: undefined); null when fhirpath.js must decide. */
export function plainString(obj: JsonObject, name: string): string | undefined | null {
  const items = plainItems(obj, name);
  if (items === undefined || items.length > 1) return null;
  const [value] = items;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

const model = r4Model as unknown as Model & {
  readonly path2Type: Readonly<Record<string, string>>;
  readonly choiceTypePaths: Readonly<Record<string, readonly string[]>>;
  readonly pathsDefinedElsewhere: Readonly<Record<string, string>>;
  readonly path2TypeWithoutElements: Readonly<Record<string, string>>;
};

/** Where fhirpath.js puts a node in the R4 model: its path, and its FHIR type where the model knows it. */
export interface ModelPlace {
  readonly path: string;
  readonly type: string | undefined;
}

/**
 * The place fhirpath.js gives member `name` of a node at path `parent` (makeChildResNodes), or undefined when
 * the name is a bare choice (`value` of an Extension): fhirpath.js then reads only the typed names
 * (`valueString`), so what sits under the bare name is invisible to it.
 */
export function childModelPlace(parent: string, name: string): ModelPlace | undefined {
  const path = `${parent}.${name}`;
  let defined = model.pathsDefinedElsewhere[path] ?? path;
  if (model.choiceTypePaths[defined] !== undefined) return undefined;
  if (name === 'extension') defined = 'Extension';
  return { path: model.path2TypeWithoutElements[defined] ?? defined, type: model.path2Type[defined] };
}

/**
 * Whether choice element `name` (`value`, `fixed`) of a node at model path `path` gives fhirpath.js a node: the
 * first typed name it finds present (in the model's order of types) decides.
 */
export function choiceHasNodes(obj: JsonObject, path: string, name: string): boolean {
  for (const type of model.choiceTypePaths[`${path}.${name}`] ?? []) {
    const typed = `${name}${type}`;
    if (obj[typed] !== undefined || obj[`_${typed}`] !== undefined) return hasNodes(obj, typed);
  }
  return false;
}

/**
 * The model path fhirpath.js gives the focus of an expression compiled with `base` (as fhirpath.compile
 * normalises it): recursive paths to where they are defined, then a path that holds a datatype to the type.
 */
export function basePlace(base: string): string {
  let path = base.replace(/\[\d*]/g, '');
  const elsewhere = Object.keys(model.pathsDefinedElsewhere);
  let changed: string | undefined;
  do {
    changed = elsewhere.find((prefix) => path.startsWith(prefix));
    if (changed !== undefined) path = `${model.pathsDefinedElsewhere[changed] ?? ''}${path.substring(changed.length)}`;
  } while (changed !== undefined);
  path = model.pathsDefinedElsewhere[path] ?? path;
  const type = model.path2Type[path];
  return type === undefined || type === 'BackboneElement' || type === 'Element' ? path : type;
}

/** The type suffixes of member `name` of a node at model path `parent` when it is a choice, in fhirpath.js's order. */
export function choiceTypes(parent: string, name: string): readonly string[] | undefined {
  const path = `${parent}.${name}`;
  return model.choiceTypePaths[model.pathsDefinedElsewhere[path] ?? path];
}
