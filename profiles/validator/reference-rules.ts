import type { Visit } from './element.js';
import { effectiveNode } from './element.js';
import { isRelativeReference, referenceType, resolveReference } from './references.js';
import { pathOf, type Where } from './issues.js';
import { conformsAsResource } from './resource.js';
import type { CompiledStructure, ElementNode } from './structure.js';

/**
 * A Reference: a relative reference has the form `Type/id`, and the type it points to (resolved in the
 * Bundle or contained resources, read from the URL, or stated in `type`) is one its targetProfiles allow.
 */
export function checkReference(visit: Visit, value: Record<string, unknown>, node: ElementNode, path: Where): void {
  const { run } = visit;
  const reference = value.reference;
  let type: string | undefined = typeof value.type === 'string' ? value.type : undefined;
  let resolved: Record<string, unknown> | undefined;
  if (typeof reference === 'string' && reference !== '') {
    if (!reference.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(reference)) {
      if (!isRelativeReference(reference)) {
        run.findings.error('invalid', `${pathOf(path)}.reference`, `Relative URLs must be of the format [ResourceName]/[id]. Encountered ${reference}`);
        return;
      }
      const relativeType = referenceType(reference);
      if (relativeType !== undefined && !run.engine.structures.isResourceType(relativeType)) {
        run.findings.error('invalid', `${pathOf(path)}.reference`, `The reference ${reference} names '${relativeType}', which is not a resource type`);
        return;
      }
    }
    resolved = resolveReference(visit.frame, reference);
    const resolvedType = typeof resolved?.resourceType === 'string' ? resolved.resourceType : undefined;
    const named = reference.startsWith('#') ? undefined : referenceType(reference);
    const knownNamed = named !== undefined && run.engine.structures.isResourceType(named) ? named : undefined;
    type = resolvedType ?? knownNamed ?? type;
  }
  if (type === undefined) return;
  const allowed = allowedTargets(visit, node);
  if (allowed === undefined || allowed.includes(type) || allowed.some((a) => run.engine.structures.specializes(type, a))) {
    if (resolved !== undefined) checkTargetProfiles(visit, resolved, type, node, path, reference);
    return;
  }
  run.findings.error(
    'structure',
    path,
    `The type '${type}' of the reference ${typeof reference === 'string' ? reference : ''} is not a valid Target for this element (must be one of [${allowed.join(', ')}])`,
  );
}

/**
 * A reference resolved inside the Bundle (or to a contained resource) must conform to one of the target
 * profiles for its type, when those are profiles rather than the base definition.
 */
function checkTargetProfiles(visit: Visit, resolved: Record<string, unknown>, type: string, node: ElementNode, path: Where, reference: unknown): void {
  const structures = visit.run.engine.structures;
  const targets = effectiveNode(visit, node).types.filter((t) => t.code === 'Reference').flatMap((t) => t.targetProfiles);
  const candidates = targets.map((t) => structures.get(t)).filter((s): s is CompiledStructure => s !== undefined && s.type === type);
  if (candidates.length === 0 || candidates.some((s) => s.derivation !== 'constraint')) return;
  if (candidates.some((s) => conformsAsResource(visit, resolved, s, pathOf(path)))) return;
  visit.run.findings.error('structure', path, `Unable to find a profile match for ${typeof reference === 'string' ? reference : type} among choices: ${candidates.map((s) => s.url).join(', ')}`);
}

/** The resource types an element's targetProfiles allow; undefined when any resource is allowed. */
function allowedTargets(visit: Visit, node: ElementNode): string[] | undefined {
  const targets = effectiveNode(visit, node).types.filter((t) => t.code === 'Reference').flatMap((t) => t.targetProfiles);
  if (targets.length === 0) return undefined;
  const types: string[] = [];
  for (const target of targets) {
    const structure = visit.run.engine.structures.definition(target);
    const type = structure?.type ?? target.slice(target.lastIndexOf('/') + 1);
    if (type === 'Resource') return undefined;
    types.push(type);
  }
  return types;
}
