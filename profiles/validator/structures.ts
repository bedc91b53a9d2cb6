import type { StructureDefinition } from 'fhir/r4.js';
import type { Definitions } from '../types.js';
import type { CompiledStructure } from './structure.js';
import { compileStructure } from './structure.js';
import { typeCanonical } from './fhir-types.js';

/**
 * The compiled StructureDefinitions of one validator: each compiled on first use, then frozen and kept
 * for the validator's life (never in a module-level map, so two validators with different packages coexist).
 */
export class StructureRegistry {
  readonly #definitions: Definitions;
  readonly #compiled = new Map<string, CompiledStructure | null>();
  readonly #regex = new Map<string, RegExp | null>();
  #extensionNamespaces: Set<string> | undefined;

  constructor(definitions: Definitions) {
    this.#definitions = definitions;
  }

  /** A compiled StructureDefinition by canonical; undefined when none is loaded or it has no snapshot. */
  get(canonical: string): CompiledStructure | undefined {
    const known = this.#compiled.get(canonical);
    if (known !== undefined) return known ?? undefined;
    const sd = this.#definitions.structureDefinition(canonical);
    const compiled = sd === undefined ? undefined : compileStructure(sd);
    this.#compiled.set(canonical, compiled ?? null);
    return compiled;
  }

  /** The raw definition, also when it cannot be compiled (no snapshot). */
  definition(canonical: string): StructureDefinition | undefined {
    return this.#definitions.structureDefinition(canonical);
  }

  /** The base definition of a type code (`Quantity`, `Patient`, or a logical model's URL). */
  forType(code: string): CompiledStructure | undefined {
    return this.get(typeCanonical(code));
  }

  isResourceType(code: string): boolean {
    if (code === 'Resource' || code === 'DomainResource') return true;
    const sd = this.#definitions.structureDefinition(typeCanonical(code));
    return sd?.kind === 'resource' && sd.derivation !== 'constraint';
  }

  /** Whether type `code` is `ancestor` or specialises it (Age is a Quantity, Patient a DomainResource). */
  specializes(code: string, ancestor: string): boolean {
    let current: string | undefined = code;
    for (let depth = 0; current !== undefined && depth < 20; depth++) {
      if (current === ancestor) return true;
      const sd = this.#definitions.structureDefinition(typeCanonical(current));
      const base = sd?.baseDefinition;
      current = base === undefined ? undefined : base.slice(base.lastIndexOf('/') + 1);
    }
    return false;
  }

  /** Whether a loaded package defines extensions at the same address (`http://hl7.org/fhir/StructureDefinition/`). */
  isKnownExtensionNamespace(url: string): boolean {
    if (this.#extensionNamespaces === undefined) {
      const namespaces = new Set<string>();
      for (const resource of this.#definitions.all('StructureDefinition')) {
        if (resource.type === 'Extension' && typeof resource.url === 'string') namespaces.add(namespaceOf(resource.url));
      }
      this.#extensionNamespaces = namespaces;
    }
    return this.#extensionNamespaces.has(namespaceOf(url));
  }

  /** The lexical regex the spec gives a primitive type, anchored. */
  regexFor(type: string): RegExp | undefined {
    const known = this.#regex.get(type);
    if (known !== undefined) return known ?? undefined;
    const sd = this.#definitions.structureDefinition(typeCanonical(type));
    const value = sd?.snapshot?.element.find((e) => e.path === `${type}.value`);
    const source = [...(value?.extension ?? []), ...(value?.type?.flatMap((t) => t.extension ?? []) ?? [])].find(
      (e) => e.url === 'http://hl7.org/fhir/StructureDefinition/regex',
    )?.valueString;
    const regex = source === undefined ? null : new RegExp(`^(?:${source})$`);
    this.#regex.set(type, regex);
    return regex ?? undefined;
  }
}

function namespaceOf(url: string): string {
  return url.slice(0, url.lastIndexOf('/') + 1);
}
