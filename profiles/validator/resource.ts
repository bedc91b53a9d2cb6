import type { Item } from './children.js';
import type { BundleEntryRef, BundleScope, ResourceFrame, Run } from './context.js';
import type { Visit } from './element.js';
import { validateChildren } from './element.js';
import { isJsonObject } from './fhir-types.js';
import { invariantScope, nodeData, type FunctionTable } from './fhirpath-functions.js';
import { checkInvariants } from './invariants.js';
import { xhtmlReport } from './narrative.js';
import { checkBundle } from './bundle.js';
import { checkCapabilityStatement } from './capability-statement.js';
import { checkQuestionnaireResponse } from './questionnaire-response.js';
import { resolveReference } from './references.js';
import { checkStructureDefinition } from './structure-definition.js';
import type { CompiledStructure, ElementNode } from './structure.js';

/** Where a resource sits: contained in another, an entry of a Bundle, or on its own. */
export interface Placement {
  readonly container?: ResourceFrame;
  readonly bundle?: BundleScope;
  readonly fullUrl?: string;
}

/**
 * Validates a resource: its type, id, the base definition of its type, then every profile it claims in
 * meta.profile and every profile asked for. A claimed profile that is not loaded is reported, not fatal.
 */
export function validateResource(run: Run, json: unknown, path: string, placement: Placement, profiles: readonly string[]): ResourceFrame | undefined {
  const frame = frameFor(run, json, path, placement);
  if (frame === undefined) return undefined;
  const structures = run.engine.structures;
  if (!run.validated.has(frame.resource)) {
    run.validated.add(frame.resource);
    const base = structures.forType(frame.type);
    if (base !== undefined) validateAgainst(run, frame, base);
    for (const claimed of claimedProfiles(run, frame)) validateAgainstProfile(run, frame, claimed, 'claimed');
    checkResourceRules(run, frame);
  }
  for (const profile of profiles) validateAgainstProfile(run, frame, profile, 'requested');
  return frame;
}

/** A resource inside another (contained, Bundle.entry.resource, Parameters.parameter.resource, …). */
export function validateNestedResource(visit: Visit, item: Item, node: ElementNode): void {
  const { run, frame } = visit;
  const typeProfiles = node.types.flatMap((t) => t.profiles);
  const placement: Placement =
    node.name === 'contained'
      ? { container: frame, ...(frame.bundle === undefined ? {} : { bundle: frame.bundle }) }
      : nestedPlacement(frame, item.value);
  if (typeProfiles.length <= 1 || !isJsonObject(item.value)) {
    applyElement(visit, validateResource(run, item.value, item.path, placement, typeProfiles), node);
    return;
  }
  applyElement(visit, validateResource(run, item.value, item.path, placement, []), node);
  const json = item.value;
  const candidates = typeProfiles.map((url) => ({ url, structure: run.engine.structures.get(url) }));
  const usable = candidates.filter((c): c is { url: string; structure: CompiledStructure } => c.structure !== undefined);
  for (const { url } of candidates.filter((c) => c.structure === undefined)) {
    run.findings.warning('not-found', item.path, `Profile ${url} cannot be used (${run.engine.structures.problem(url) ?? 'it is not loaded'}), so it was not among the choices checked`);
  }
  const match = usable.find((c) => conformsAsResource(visit, json, c.structure, item.path));
  if (match !== undefined) validateResource(run, json, item.path, placement, [match.url]);
  else if (usable.length > 0) run.findings.error('structure', item.path, `Unable to find a profile match among choices: ${usable.map((c) => c.url).join(', ')}`);
}

/**
 * What the element holding a resource says about it: its invariants (the focus is the resource, %resource the
 * container) and, when a profile constrains inside it (Patient.contained.name), those children.
 */
function applyElement(visit: Visit, frame: ResourceFrame | undefined, node: ElementNode): void {
  if (frame === undefined) return;
  checkInvariants(visit, node.constraints, frame.resource, node, frame.path, frame.type);
  if (node.children.length > 0) {
    const inner: Visit = { run: visit.run, frame, structure: visit.structure, host: resourceHost(frame, node.path) };
    validateChildren(inner, frame.resource, node, frame.path, true);
  }
}

function nestedPlacement(frame: ResourceFrame, value: unknown): Placement {
  const bundle = frame.type === 'Bundle' ? frame.ownBundle() : frame.bundle;
  const fullUrl = typeof value === 'object' && value !== null ? bundle?.byResource.get(value)?.fullUrl : undefined;
  return { ...(bundle === undefined ? {} : { bundle }), ...(fullUrl === undefined ? {} : { fullUrl }) };
}

/** Whether a resource conforms to a structure, without reporting anything (profile discriminators). */
export function conformsAsResource(visit: Visit, json: Record<string, unknown>, structure: CompiledStructure, path: string): boolean {
  const checking = visit.run.checking.get(json) ?? new Set<string>();
  // A resource already being checked against this profile (references that loop back) is taken to conform.
  if (checking.has(structure.url)) return true;
  checking.add(structure.url);
  visit.run.checking.set(json, checking);
  try {
    return conforms(visit, json, structure, path);
  } finally {
    checking.delete(structure.url);
  }
}

function conforms(visit: Visit, json: Record<string, unknown>, structure: CompiledStructure, path: string): boolean {
  const scratch = visit.run.findings.scratch();
  const run: Run = { ...visit.run, findings: scratch, codeChecks: [], validated: new Set() };
  const frame = frameFor(run, json, path, nestedPlacement(visit.frame, json));
  if (frame === undefined) return false;
  if (structure.type !== frame.type) return false;
  validateAgainst(run, frame, structure);
  return !scratch.hasErrors;
}

function validateAgainstProfile(run: Run, frame: ResourceFrame, url: string, why: 'claimed' | 'requested'): void {
  const structures = run.engine.structures;
  const structure = structures.get(url);
  if (structure === undefined) {
    const where = why === 'claimed' ? `${frame.path}.meta.profile` : frame.path;
    const problem = structures.problem(url);
    if (problem !== undefined) {
      run.findings.error('processing', where, `Profile ${url} cannot be used, so the resource was not validated against it: ${problem}`);
    } else if (why === 'claimed') {
      run.findings.warning('not-found', where, `Profile reference '${url}' has not been checked because it could not be found`);
    } else {
      run.findings.error('not-found', where, `Profile ${url} could not be found, so the resource could not be validated against it`);
    }
    return;
  }
  if (structure.type !== frame.type) {
    run.findings.error('invalid', frame.path, `Profile ${structure.label} is for ${structure.type} resources, but this is a ${frame.type}`);
    return;
  }
  validateAgainst(run, frame, structure);
}

export function validateAgainst(run: Run, frame: ResourceFrame, structure: CompiledStructure): void {
  const visit: Visit = { run, frame, structure, host: resourceHost(frame, frame.type) };
  validateChildren(visit, frame.resource, structure.root, frame.path, true);
  checkInvariants(visit, structure.root.constraints, frame.resource, structure.root, frame.path);
}

/** Rules a resource type carries beyond its definition (a response against its questionnaire). */
function checkResourceRules(run: Run, frame: ResourceFrame): void {
  if (frame.type === 'QuestionnaireResponse') checkQuestionnaireResponse(run, frame);
  if (frame.type === 'Bundle') checkBundle(run, frame);
  if (frame.type === 'CapabilityStatement') checkCapabilityStatement(run, frame);
  if (frame.type === 'StructureDefinition') checkStructureDefinition(run, frame);
}

/** The profiles a resource claims (meta.profile) and those every resource of its type must meet (ImplementationGuide.global). */
/** A resource as the host of its own elements (and of its extensions). */
function resourceHost(frame: ResourceFrame, nodePath: string): Visit['host'] {
  return { defPath: frame.type, nodePath, typePath: frame.type, type: frame.type, extensionUrl: undefined, basePath: undefined, value: frame.resource };
}

function claimedProfiles(run: Run, frame: ResourceFrame): string[] {
  const meta = frame.resource.meta;
  const claimed = isJsonObject(meta) && Array.isArray(meta.profile) ? meta.profile.filter((p): p is string => typeof p === 'string') : [];
  const all = [...new Set([...claimed, ...run.engine.structures.globalProfiles(frame.type)])];
  return all.filter((p) => run.engine.structures.get(p)?.url !== `http://hl7.org/fhir/StructureDefinition/${frame.type}`);
}

function frameFor(run: Run, json: unknown, path: string, placement: Placement): ResourceFrame | undefined {
  const { findings, engine } = run;
  if (!isJsonObject(json)) {
    findings.error('structure', path, 'A resource must be a JSON object');
    return undefined;
  }
  const type = json.resourceType;
  if (typeof type !== 'string') {
    findings.error('structure', path, 'Unable to find resourceType property: a resource must say its type');
    return undefined;
  }
  if (!engine.structures.isResourceType(type) || engine.structures.forType(type) === undefined) {
    findings.error('structure', path, `Unknown resource type '${type}'`);
    return undefined;
  }
  checkResourceId(run, json.id, `${path}.id`);
  return makeFrame(run, json, type, path, placement);
}

function checkResourceId(run: Run, id: unknown, path: string): void {
  if (id === undefined || typeof id !== 'string') return;
  if (id.length > 64) run.findings.error('invalid', path, `Invalid Resource id: Too long (${id.length} chars)`);
  else if (!/^[A-Za-z0-9\-.]+$/.test(id)) run.findings.error('invalid', path, `Invalid Resource id: Invalid Characters ('${id}')`);
}

function makeFrame(run: Run, resource: Record<string, unknown>, type: string, path: string, placement: Placement): ResourceFrame {
  const frame: { -readonly [K in keyof ResourceFrame]: ResourceFrame[K] } = {
    resource,
    type,
    path,
    container: placement.container,
    root: undefined as unknown as ResourceFrame,
    bundle: placement.bundle,
    fullUrl: placement.fullUrl,
    scope: undefined as unknown as ResourceFrame['scope'],
    ownBundle: undefined as unknown as ResourceFrame['ownBundle'],
  };
  let own: BundleScope | undefined;
  frame.ownBundle = () => (own ??= bundleScope(resource, path));
  frame.root = placement.container?.root ?? frame;
  frame.scope = invariantScope(resource, frame.root.resource, functionsFor(run, frame), (div) => xhtmlReport(run.xhtml, div).problems.length === 0);
  return Object.freeze(frame);
}

export function bundleScope(bundle: Record<string, unknown>, path: string): BundleScope {
  const json = Array.isArray(bundle.entry) ? bundle.entry : [];
  const entries = json.map((entry, index) => ({
    index,
    fullUrl: isJsonObject(entry) && typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined,
    resource: isJsonObject(entry) && isJsonObject(entry.resource) ? entry.resource : undefined,
  }));
  const byResource = new Map<object, BundleEntryRef>();
  for (const entry of entries) if (entry.resource !== undefined && !byResource.has(entry.resource)) byResource.set(entry.resource, entry);
  return { bundle, path, entries, byResource };
}

/** resolve() and htmlChecks() for FHIRPath, bound to where this resource sits. */
function functionsFor(run: Run, frame: ResourceFrame): FunctionTable {
  return {
    resolve: {
      internalStructures: true,
      fn(this: unknown, inputs: unknown[]): unknown[] {
        const results: unknown[] = [];
        for (const input of inputs) {
          const data = nodeData(input);
          const reference = isJsonObject(data) ? data.reference : data;
          const resolved = resolveReference(frame, reference);
          if (resolved !== undefined) results.push(asResourceNode(this, input, resolved));
        }
        return results;
      },
    },
    htmlChecks: {
      internalStructures: true,
      fn(inputs: unknown[]): unknown[] {
        return inputs.map((input) => {
          const data = nodeData(input);
          return typeof data === 'string' && xhtmlReport(run.xhtml, data).problems.length === 0;
        });
      },
    },
  };
}

/** fhirpath.js types a resolved resource only as one of its own nodes: made with the class of the node it came from. */
function asResourceNode(ctx: unknown, from: unknown, resource: Record<string, unknown>): unknown {
  const maker = (from as { constructor?: { makeResNode?: unknown } } | undefined)?.constructor?.makeResNode;
  if (typeof maker !== 'function') return resource;
  return (maker as (...args: unknown[]) => unknown)(ctx, resource, null, null, null, null);
}
