import type { Definitions } from '../types.js';
import { elementRepeats } from '../validator/children.js';
import { isPrimitiveType } from '../validator/fhir-types.js';
import type { CompiledStructure, ElementNode } from '../validator/structure.js';
import { StructureRegistry } from '../validator/structures.js';
import { isElement, parseXml, type XmlElement } from './xml-tree.js';

export const fhirNamespace = 'http://hl7.org/fhir';
const xhtmlNamespace = 'http://www.w3.org/1999/xhtml';

/** A problem with the XML form itself (the JSON form has no way to say it), where it is. */
export interface XmlProblem {
  readonly path: string;
  readonly message: string;
}

export interface ConvertedXml {
  readonly resource: Record<string, unknown>;
  readonly problems: readonly XmlProblem[];
}

type Json = Record<string, unknown>;

/**
 * Reads a FHIR resource in XML into its JSON form, by the definitions of its types: repeating elements
 * become arrays, primitives' `value` attributes JSON strings, numbers or booleans (left as strings when they
 * are not, so that validation reports them), their `id` and extensions the `_name` companion, `div` the
 * XHTML as written. What has no JSON form (an attribute FHIR does not define, an element in another
 * namespace) is returned as a problem. Throws an Error for XML that is not well-formed.
 */
export function fhirXmlToJson(text: string, definitions: Definitions): ConvertedXml {
  const root = parseXml(text);
  const converter = new Converter(text, new StructureRegistry(definitions));
  const resource = converter.resource(root, root.name);
  return { resource, problems: converter.problems };
}

class Converter {
  readonly problems: XmlProblem[] = [];
  readonly #text: string;
  readonly #structures: StructureRegistry;

  constructor(text: string, structures: StructureRegistry) {
    this.#text = text;
    this.#structures = structures;
  }

  resource(element: XmlElement, path: string): Json {
    if (element.namespace !== fhirNamespace) this.#problem(path, `The element <${element.name}> is not in the FHIR namespace (${fhirNamespace})`);
    const structure = this.#structures.forType(element.name);
    const json: Json = { resourceType: element.name };
    this.#attributes(element, path, []);
    this.#children(element, structure?.root, structure, json, path);
    return json;
  }

  /** Converts an element's child elements onto `json`, guided by `owner`'s children when there is a definition. */
  #children(element: XmlElement, owner: ElementNode | undefined, structure: CompiledStructure | undefined, json: Json, path: string): void {
    for (const child of element.children) {
      if (!isElement(child)) {
        if (child.text.trim() !== '') this.#problem(path, `Text is not allowed in <${element.name}>: '${child.text.trim().slice(0, 40)}'`);
        continue;
      }
      const childPath = `${path}.${child.name}`;
      const target = owner?.properties.get(child.name);
      const node = target === undefined ? undefined : resolveReference(target.node, structure, this.#structures);
      const type = target?.type ?? (node?.types.length === 1 ? node.types[0]?.code : undefined);
      const repeats = node === undefined ? false : elementRepeats(node);
      const namespace = type === 'xhtml' ? xhtmlNamespace : fhirNamespace;
      if (child.namespace !== namespace) {
        this.#problem(childPath, `The element <${child.name}> is not in the ${type === 'xhtml' ? 'XHTML' : 'FHIR'} namespace (${namespace})`);
        continue;
      }
      if (type === 'xhtml') {
        put(json, child.name, this.#text.slice(child.start, child.end), repeats);
      } else if (type !== undefined && isPrimitiveType(type)) {
        this.#primitive(child, type, json, childPath, repeats);
      } else if (type !== undefined && this.#structures.isResourceType(type)) {
        const inner = child.children.filter(isElement);
        const [first] = inner;
        if (first === undefined || inner.length > 1) this.#problem(childPath, `<${child.name}> must hold exactly one resource`);
        if (first !== undefined) put(json, child.name, this.resource(first, childPath), repeats);
      } else {
        const object: Json = {};
        this.#attributes(child, childPath, type === 'Extension' ? ['id', 'url'] : ['id'], object);
        const typeStructure = type === undefined ? undefined : this.#structures.forType(type);
        const childOwner = node !== undefined && node.children.length > 0 ? node : typeStructure?.root;
        this.#children(child, childOwner, node !== undefined && node.children.length > 0 ? structure : typeStructure, object, childPath);
        put(json, child.name, object, repeats);
      }
    }
    dropEmptyPrimitiveArrays(json);
  }

  /** A primitive: `value` to the property, `id` and extensions to its `_name` companion (arrays kept aligned). */
  #primitive(element: XmlElement, type: string, json: Json, path: string, repeats: boolean): void {
    const companion: Json = {};
    this.#attributes(element, path, ['id', 'value'], companion, ['value']);
    const raw = element.attributes.get('value');
    const extensions: Json[] = [];
    for (const child of element.children) {
      if (!isElement(child)) {
        if (child.text.trim() !== '') this.#problem(path, `Text is not allowed in <${element.name}>: a primitive's value goes in its value attribute`);
        continue;
      }
      if (child.name !== 'extension' || child.namespace !== fhirNamespace) {
        this.#problem(`${path}.${child.name}`, `Undefined element '${child.name}' in the primitive <${element.name}>`);
        continue;
      }
      const extension: Json = {};
      this.#attributes(child, `${path}.extension`, ['id', 'url'], extension);
      const structure = this.#structures.forType('Extension');
      this.#children(child, structure?.root, structure, extension, `${path}.extension`);
      extensions.push(extension);
    }
    if (extensions.length > 0) companion.extension = extensions;
    const value = raw === undefined ? null : primitiveValue(type, raw);
    const hasCompanion = Object.keys(companion).length > 0;
    if (value === null && !hasCompanion) this.#problem(path, 'Primitive types must have a value or must have child extensions');
    if (!repeats) {
      if (value !== null) json[element.name] = value;
      if (hasCompanion) json[`_${element.name}`] = companion;
      return;
    }
    ((json[element.name] ??= []) as unknown[]).push(value);
    ((json[`_${element.name}`] ??= []) as unknown[]).push(hasCompanion ? companion : null);
  }

  /** The attributes an element may carry (`id`, and `url` on an extension) onto `into`; any other is a problem. */
  #attributes(element: XmlElement, path: string, allowed: readonly string[], into?: Json, skip: readonly string[] = []): void {
    for (const [name, value] of element.attributes) {
      if (skip.includes(name)) continue;
      if (allowed.includes(name) && into !== undefined) into[name] = value;
      else if (!name.startsWith('xml:') && !(element.namespace === xhtmlNamespace)) this.#problem(path, `Undefined attribute '@${name}' on ${element.name}`);
    }
  }

  #problem(path: string, message: string): void {
    this.problems.push({ path, message });
  }
}

function resolveReference(node: ElementNode, structure: CompiledStructure | undefined, structures: StructureRegistry): ElementNode {
  if (node.contentReference === undefined) return node;
  return structure?.element(node.contentReference) ?? structures.forType(node.contentReference.split('.')[0] ?? '')?.element(node.contentReference) ?? node;
}

/** A repeating primitive's value and `_name` arrays stay aligned while read; one that is all nulls is left out. */
function dropEmptyPrimitiveArrays(json: Json): void {
  for (const [key, value] of Object.entries(json)) {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => v === null)) delete json[key];
  }
}

function put(json: Json, name: string, value: unknown, repeats: boolean): void {
  if (!repeats) {
    json[name] = value;
    return;
  }
  const list = json[name];
  if (Array.isArray(list)) list.push(value);
  else json[name] = [value];
}

/** The JSON value of a primitive's XML value: numbers and booleans when they are such, else the text as is. */
function primitiveValue(type: string, raw: string): unknown {
  switch (type) {
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'integer':
    case 'positiveInt':
    case 'unsignedInt':
      return /^-?(0|[1-9][0-9]*)$/.test(raw) ? Number(raw) : raw;
    case 'decimal':
      return /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(raw) ? Number(raw) : raw;
    default:
      return raw;
  }
}
