import type { CodeInput, LookupVerdict, MembershipVerdict, TerminologyService } from '../terminology/index.js';
import type { Item } from './children.js';
import type { Visit } from './element.js';
import { isJsonObject } from './fhir-types.js';
import { pathOf, type Findings, type Where } from './issues.js';
import type { ElementNode } from './structure.js';

/** A coded value met during the walk, checked against terminology once the walk is done. */
export interface CodeCheck {
  /** The coded element; for a primitive, the item itself, its path worked out only if a finding needs it. */
  readonly path: Where;
  /** The JSON object the coded value is in: every check of one path has the same (what duplicates are found by). */
  readonly holder: object;
  readonly kind: 'binding' | 'system';
  readonly strength: 'required' | 'extensible' | 'preferred' | 'example';
  readonly valueSet: string | undefined;
  readonly codes: readonly CodeInput[];
  /** For a CodeableConcept with only text (no codings). */
  readonly textOnly: boolean;
  readonly source: string;
}

const codedTypes = new Set(['code', 'Coding', 'CodeableConcept', 'Quantity', 'string', 'uri']);

/** Records the checks a coded value needs: its binding (required and extensible), and that its codes exist. */
export function collectBinding(visit: Visit, item: Item, node: ElementNode, type: string): void {
  const codings = type === 'Coding' || type === 'CodeableConcept';
  // Only a required or extensible binding, or the systems of codings, ask anything of terminology; most
  // strings have no binding at all, which is the cheapest thing to look at.
  if (!codings && (node.binding === undefined || !codedTypes.has(type))) return;
  const bindings = bindingsOf(node);
  if (bindings.length === 0 && !codings) return;
  if (isShortFormat(node, item.value)) return;
  const { run } = visit;
  const located = codesOf(type, item.value, item);
  const codes = located.map((l) => l.code);
  if (codings) {
    for (let i = 0; i < located.length; i++) {
      const { code, path } = located[i] as LocatedCode;
      if (code.system === undefined) continue;
      checkSystem(run.findings, run.engine.terminology, code.system, path);
      run.codeChecks.push({ path, holder: item.parent, kind: 'system', strength: 'required', valueSet: undefined, codes: [code], textOnly: false, source: visit.structure.label });
    }
  } else if (type === 'Quantity' && codes.length === 0) {
    return;
  }
  for (let i = 0; i < bindings.length; i++) {
    const { strength, valueSet } = bindings[i] as CheckedBinding;
    run.codeChecks.push({
      path: item,
      holder: item.parent,
      kind: 'binding',
      strength,
      valueSet,
      codes,
      textOnly: type === 'CodeableConcept' && codes.length === 0,
      source: visit.structure.label,
    });
  }
}

/**
 * CapabilityStatement.format is bound to MIME types, but R4 allows `xml`, `json` and `ttl` there too (the
 * element's short text and comment); the HL7 validator accepts them (validator-cases capstmt and
 * capabilitystatement-measure-processor report nothing on them).
 */
const shortFormats = new Set(['xml', 'json', 'ttl']);

function isShortFormat(node: ElementNode, value: unknown): boolean {
  return typeof value === 'string' && shortFormats.has(value) && (node.definition.base?.path ?? node.path) === 'CapabilityStatement.format';
}

const additionalBinding = new Set([
  'http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.binding.additional',
  'http://hl7.org/fhir/tools/StructureDefinition/additional-binding',
]);

interface CheckedBinding {
  readonly strength: 'required' | 'extensible';
  readonly valueSet: string;
}

/** Per compiled element (they are frozen and shared), worked out on first use. */
const checkedBindings = new WeakMap<ElementNode, readonly CheckedBinding[]>();

function bindingsOf(node: ElementNode): readonly CheckedBinding[] {
  let known = checkedBindings.get(node);
  if (known === undefined) {
    known = Object.freeze(checkedBindingsOf(node));
    checkedBindings.set(node, known);
  }
  return known;
}

/** The element's binding and any R5-style additional bindings whose purpose is required or extensible. */
function checkedBindingsOf(node: ElementNode): CheckedBinding[] {
  const binding = node.binding;
  if (binding === undefined) return [];
  const result: CheckedBinding[] = [];
  if (binding.valueSet !== undefined && (binding.strength === 'required' || binding.strength === 'extensible')) {
    result.push({ strength: binding.strength, valueSet: binding.valueSet });
  }
  for (const extension of binding.extension ?? []) {
    if (!additionalBinding.has(extension.url)) continue;
    const purpose = extension.extension?.find((e) => e.url === 'purpose')?.valueCode;
    const valueSet = extension.extension?.find((e) => e.url === 'valueSet')?.valueCanonical;
    if (valueSet !== undefined && (purpose === 'required' || purpose === 'extensible')) result.push({ strength: purpose, valueSet });
  }
  return result;
}

interface LocatedCode {
  readonly code: CodeInput;
  readonly path: Where;
}

function codesOf(type: string, value: unknown, path: Where): LocatedCode[] {
  switch (type) {
    case 'code':
    case 'string':
    case 'uri':
      return typeof value === 'string' ? [{ code: { code: value }, path }] : [];
    case 'Coding':
      return isJsonObject(value) ? codingOf(value, pathOf(path)) : [];
    case 'Quantity':
      return isJsonObject(value) && typeof value.code === 'string'
        ? [{ code: { code: value.code, ...(typeof value.system === 'string' ? { system: value.system } : {}) }, path }]
        : [];
    case 'CodeableConcept':
      return isJsonObject(value) && Array.isArray(value.coding)
        ? value.coding.flatMap((c, i) => (isJsonObject(c) ? codingOf(c, `${pathOf(path)}.coding[${i}]`) : []))
        : [];
    default:
      return [];
  }
}

function codingOf(coding: Record<string, unknown>, path: string): LocatedCode[] {
  if (typeof coding.code !== 'string') return [];
  const code: CodeInput = {
    code: coding.code,
    ...(typeof coding.system === 'string' ? { system: coding.system } : {}),
    ...(typeof coding.display === 'string' ? { display: coding.display } : {}),
    ...(typeof coding.version === 'string' ? { version: coding.version } : {}),
  };
  return [{ code, path }];
}

/** Coding.system names a code system by absolute URI, never a value set. */
function checkSystem(findings: Findings, terminology: TerminologyService, system: string, where: Where): void {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(system)) {
    findings.error('invalid', `${pathOf(where)}.system`, `Coding.system must be an absolute reference, not a local reference ('${system}')`);
  } else if (terminology.isValueSet(system)) {
    findings.error('invalid', `${pathOf(where)}.system`, `The Coding references a value set, not a code system ('${system}')`);
  }
}

/** Runs the deferred checks against terminology and reports what they find, including what could not be checked. */
export async function resolveCodeChecks(checks: readonly CodeCheck[], terminology: TerminologyService, findings: Findings): Promise<void> {
  // The same binding reached through the base definition and a profile is one check, reported once. Checks are
  // grouped by the object they are in (hashing every path string cost more than the checks); most objects hold
  // one, kept as itself, a list only where there are more.
  const seen = new Map<object, CodeCheck | CodeCheck[]>();
  for (const check of checks) {
    const here = seen.get(check.holder);
    if (here === undefined) seen.set(check.holder, check);
    else if (!Array.isArray(here)) {
      if (sameCheck(check, here)) continue;
      seen.set(check.holder, [here, check]);
    } else if (here.some((other) => sameCheck(check, other))) continue;
    else here.push(check);
    // What the terminology knows at once (local content) is reported without waiting on a promise per code.
    if (check.kind === 'system') {
      const code = check.codes[0];
      const system = code?.system;
      if (code === undefined || system === undefined) continue;
      const known = terminology.knownLookup?.(system, code.code);
      reportLookup(check, code, system, known ?? (await terminology.lookup(system, code.code)), findings);
    } else if (!reportedWithoutCodes(check, findings)) {
      const outcome = membership(check, terminology);
      reportBinding(check, outcome instanceof Promise ? await outcome : outcome, findings);
    }
  }
}

/**
 * Two checks are the same when they agree on codes, kind, strength, value set (any version) and path; the
 * codes first, as they tell apart the many checks of one object (a SearchParameter's 145 targets) cheapest.
 */
function sameCheck(a: CodeCheck, b: CodeCheck): boolean {
  return (
    a.codes[0]?.code === b.codes[0]?.code &&
    sameCodes(a.codes, b.codes) &&
    a.kind === b.kind &&
    a.strength === b.strength &&
    sameValueSet(a.valueSet, b.valueSet) &&
    pathOf(a.path) === pathOf(b.path)
  );
}

function sameCodes(a: readonly CodeInput[], b: readonly CodeInput[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameCode(a[i] as CodeInput, b[i])) return false;
  return true;
}

/** The same value set whatever versions (`url|version`) the two name; without splitting strings on every comparison. */
function sameValueSet(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  const aEnd = a.indexOf('|');
  const bEnd = b.indexOf('|');
  const length = aEnd < 0 ? a.length : aEnd;
  return length === (bEnd < 0 ? b.length : bEnd) && a.startsWith(b.substring(0, length));
}

function sameCode(a: CodeInput, b: CodeInput | undefined): boolean {
  return b !== undefined && a.code === b.code && a.system === b.system && a.display === b.display && a.version === b.version;
}

function reportLookup(check: CodeCheck, code: CodeInput, system: string, verdict: LookupVerdict, findings: Findings): void {
  if (verdict.result === 'not-found') {
    findings.error('code-invalid', check.path, `Unknown code '${code.code}' in the CodeSystem '${system}'`);
  } else if (verdict.result === 'found' && code.display !== undefined && verdict.displays.length > 0 && !verdict.displays.some((d) => sameDisplay(d, code.display ?? ''))) {
    findings.warning('code-invalid', check.path, `Wrong Display Name '${code.display}' for ${system}#${code.code}. Valid display is ${verdict.displays.map((d) => `'${d}'`).join(' or ')}`);
  }
}

function sameDisplay(a: string, b: string): boolean {
  return a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A binding check that needs no terminology: a CodeableConcept with only text, or no codes at all. */
function reportedWithoutCodes(check: CodeCheck, findings: Findings): boolean {
  if (check.textOnly) {
    if (check.strength === 'required') findings.error('code-invalid', check.path, `No code provided, and a code is required from the value set '${check.valueSet ?? ''}' (from ${check.source})`);
    return true;
  }
  return check.codes.length === 0;
}

/** Whether some code is in the value set, else why not: what was not checked, and what the terminology said. */
type Membership = 'member' | { readonly unknown: string[]; readonly messages: string[] };

/** The codes' membership, at once where the terminology knows it, else waiting for it from the first it does not. */
function membership(check: CodeCheck, terminology: TerminologyService): Membership | Promise<Membership> {
  const valueSet = check.valueSet ?? '';
  // Made only when a code is not a member: most are, at the first code.
  let outcome: Exclude<Membership, 'member'> | undefined;
  for (let i = 0; i < check.codes.length; i++) {
    const code = check.codes[i] as CodeInput;
    const known = terminology.knownMembership?.(valueSet, code);
    if (known === undefined) return remainingMembership(check, terminology, i, outcome ?? { unknown: [], messages: [] });
    if (known.result === 'member') return 'member';
    tally(known, (outcome ??= { unknown: [], messages: [] }));
  }
  return outcome ?? { unknown: [], messages: [] };
}

async function remainingMembership(check: CodeCheck, terminology: TerminologyService, from: number, outcome: Exclude<Membership, 'member'>): Promise<Membership> {
  for (const code of check.codes.slice(from)) {
    if (tally(await terminology.validateCode(check.valueSet ?? '', code), outcome)) return 'member';
  }
  return outcome;
}

/** Adds a verdict to the outcome; true when the code is a member. */
function tally(verdict: MembershipVerdict, outcome: Exclude<Membership, 'member'>): boolean {
  if (verdict.result === 'member') return true;
  if (verdict.result === 'unknown') outcome.unknown.push(verdict.reason);
  else if (verdict.message !== undefined) outcome.messages.push(verdict.message);
  return false;
}

function reportBinding(check: CodeCheck, outcome: Membership, findings: Findings): void {
  if (outcome === 'member') return;
  const { unknown, messages } = outcome;
  const valueSet = check.valueSet ?? '';
  const required = check.strength === 'required';
  const shown = check.codes.map((c) => (c.system === undefined ? c.code : `${c.system}#${c.code}`)).join(', ');
  if (unknown.length > 0) {
    const severity = required ? 'warning' : 'information';
    findings.add(severity, 'not-supported', check.path, `The code ${shown} was NOT checked against the ${check.strength} value set '${valueSet}': ${unknown[0] ?? ''}; checking it needs a terminology server`);
    return;
  }
  const said = messages.length > 0 ? ` (${messages.join('; ')})` : '';
  if (required) {
    findings.error('code-invalid', check.path, `The code ${shown} is not in the value set '${valueSet}', and a code from this value set is required (from ${check.source})${said}`);
  } else {
    findings.warning('code-invalid', check.path, `None of the codings provided (${shown}) are in the value set '${valueSet}', and a coding should come from this value set unless it has no suitable code (from ${check.source})${said}`);
  }
}
