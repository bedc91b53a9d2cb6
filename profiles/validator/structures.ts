import type { StructureDefinition } from 'fhir/r4.js';
import type { Definitions } from '../types.js';
import type { CompiledStructure, Constraint, ElementNode } from './structure.js';
import { mergeChildren } from './structure.js';
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
  readonly #primitives = new Map<string, { regex: RegExp | undefined; maxLength: number | undefined }>();
  readonly #merged = new WeakMap<ElementNode, Map<ElementNode, ElementNode>>();
  readonly #notRepeated = new WeakMap<ElementNode, Map<ElementNode, readonly Constraint[]>>();
  #globals: Map<string, string[]> | undefined;
  readonly #resourceTypes = new Map<string, boolean>();
  readonly #specializes = new Map<string, boolean>();
  /** By type code, so the walk does not build and hash a canonical for every element it meets. */
  readonly #byType = new Map<string, CompiledStructure | null>();

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
    let known = this.#byType.get(code);
    if (known === undefined) {
      known = this.get(typeCanonical(code)) ?? null;
      this.#byType.set(code, known);
    }
    return known ?? undefined;
  }

  isResourceType(code: string): boolean {
    let known = this.#resourceTypes.get(code);
    if (known === undefined) {
      const sd = code === 'Resource' || code === 'DomainResource' ? undefined : this.definition(typeCanonical(code));
      known = code === 'Resource' || code === 'DomainResource' || (sd?.kind === 'resource' && sd.derivation !== 'constraint');
      this.#resourceTypes.set(code, known);
    }
    return known;
  }

  /** Whether type `code` is `ancestor` or specialises it (Age is a Quantity, Patient a DomainResource). */
  specializes(code: string, ancestor: string): boolean {
    const key = `${code} ${ancestor}`;
    let known = this.#specializes.get(key);
    if (known === undefined) {
      known = this.#walkBases(code, ancestor);
      this.#specializes.set(key, known);
    }
    return known;
  }

  #walkBases(code: string, ancestor: string): boolean {
    let current: string | undefined = code;
    for (let depth = 0; current !== undefined && depth < 20; depth++) {
      if (current === ancestor) return true;
      const sd = this.#definitions.structureDefinition(typeCanonical(current));
      const base = sd?.baseDefinition;
      current = base === undefined ? undefined : base.slice(base.lastIndexOf('/') + 1);
    }
    return false;
  }

  /**
   * An element's own children completed with its type's: what a choice element constrains in common (id,
   * extension) plus everything else the chosen type defines. Built once per pair and kept.
   */
  merged(node: ElementNode, typeRoot: ElementNode): ElementNode {
    let byType = this.#merged.get(node);
    if (byType === undefined) {
      byType = new Map();
      this.#merged.set(node, byType);
    }
    let merged = byType.get(typeRoot);
    if (merged === undefined) {
      merged = mergeChildren(node, typeRoot);
      byType.set(typeRoot, merged);
    }
    return merged;
  }

  /**
   * The constraints of a type's root that an element of that type does not repeat: what a profile that
   * unrolled the element would otherwise skip (qty-3, per-1, …). Worked out once per pair and kept.
   */
  constraintsNotOn(node: ElementNode, typeRoot: ElementNode): readonly Constraint[] {
    let byType = this.#notRepeated.get(node);
    if (byType === undefined) {
      byType = new Map();
      this.#notRepeated.set(node, byType);
    }
    let missing = byType.get(typeRoot);
    if (missing === undefined) {
      const own = new Set(node.constraints.map((c) => c.key));
      missing = Object.freeze(typeRoot.constraints.filter((c) => !own.has(c.key)));
      byType.set(typeRoot, missing);
    }
    return missing;
  }

  /** Profiles every resource of a type must conform to: ImplementationGuide.global of the loaded guides. */
  globalProfiles(type: string): readonly string[] {
    if (this.#globals === undefined) {
      const globals = new Map<string, string[]>();
      for (const guide of this.#definitions.all('ImplementationGuide')) {
        for (const entry of Array.isArray(guide.global) ? (guide.global as unknown[]) : []) {
          const { type: on, profile } = (entry ?? {}) as { type?: unknown; profile?: unknown };
          if (typeof on === 'string' && typeof profile === 'string') globals.set(on, [...(globals.get(on) ?? []), profile]);
        }
      }
      this.#globals = globals;
    }
    return this.#globals.get(type) ?? [];
  }

  /** The lexical regex the spec gives a primitive type, anchored. */
  regex(type: string): RegExp | undefined {
    return this.#primitive(type).regex;
  }

  /** The most characters (bytes) a primitive type's value may have: 1 MB for strings. */
  maxLength(type: string): number | undefined {
    return this.#primitive(type).maxLength;
  }

  #primitive(type: string): { regex: RegExp | undefined; maxLength: number | undefined } {
    const known = this.#primitives.get(type);
    if (known !== undefined) return known;
    const sd = this.#definitions.structureDefinition(typeCanonical(type));
    const value = sd?.snapshot?.element.find((e) => e.path === `${type}.value`);
    const source = [...(value?.extension ?? []), ...(value?.type?.flatMap((t) => t.extension ?? []) ?? [])].find(
      (e) => e.url === 'http://hl7.org/fhir/StructureDefinition/regex',
    )?.valueString;
    const rules = { regex: source === undefined ? undefined : new RegExp(`^(?:${source})$`), maxLength: value?.maxLength };
    this.#primitives.set(type, rules);
    return rules;
  }
}

