import type { StructureDefinition } from 'fhir/r4.js';
import type { Definitions } from '../types.js';
import type { CompiledStructure } from './structure.js';
import { SnapshotError } from '../snapshot/index.js';
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

  constructor(definitions: Definitions) {
    this.#definitions = definitions;
  }

  /** A compiled StructureDefinition by canonical; undefined when none is loaded or it has no usable snapshot. */
  get(canonical: string): CompiledStructure | undefined {
    const known = this.#compiled.get(canonical);
    if (known !== undefined) return known ?? undefined;
    const sd = this.definition(canonical);
    const compiled = sd === undefined ? undefined : compileStructure(sd);
    this.#compiled.set(canonical, compiled ?? null);
    return compiled;
  }

  /** The definition with its snapshot; undefined when none is loaded or its snapshot cannot be generated (see problem). */
  definition(canonical: string): StructureDefinition | undefined {
    try {
      return this.#definitions.structureDefinition(canonical);
    } catch (error) {
      if (error instanceof SnapshotError) return undefined;
      throw error;
    }
  }

  /** Why a loaded StructureDefinition cannot be used (its differential is broken), if that is so. */
  problem(canonical: string): string | undefined {
    try {
      this.#definitions.structureDefinition(canonical);
      return undefined;
    } catch (error) {
      if (error instanceof SnapshotError) return error.message;
      throw error;
    }
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

