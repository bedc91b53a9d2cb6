import type { StructureDefinitionContext } from 'fhir/r4.js';
import type { Visit } from './element.js';
import { nodeData } from './fhirpath-functions.js';
import { pathOf, type Where } from './issues.js';
import type { ElementNode, CompiledStructure } from './structure.js';

/**
 * The definition an extension's url resolves to, after checking what can be checked without it: the url is
 * present and absolute, the extension is known (unknown ones in a namespace whose extensions are all loaded are
 * errors, elsewhere warnings), it is used where its context allows, and as a modifier exactly when it is one.
 * Undefined when there is nothing to validate the extension against beyond the Extension type.
 */
export function extensionStructure(parent: Visit, obj: Record<string, unknown>, node: ElementNode, path: Where): CompiledStructure | undefined {
  const { run } = parent;
  const url = obj.url;
  if (typeof url !== 'string' || url === '') {
    run.findings.error('structure', path, 'Extension.url is required in order to identify, use and validate the extension');
    return undefined;
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    if (parent.host.extensionUrl === undefined) run.findings.error('structure', `${pathOf(path)}.url`, `The extension url '${url}' must be an absolute URL`);
    return undefined;
  }
  const modifier = node.name === 'modifierExtension';
  const definition = run.engine.structures.definition(url);
  if (definition === undefined) {
    reportUnknown(parent, url, modifier, path);
    return undefined;
  }
  const structure = run.engine.structures.get(url);
  if (structure === undefined) {
    run.findings.warning('not-supported', path, `The extension ${url} has no snapshot, so its content was not checked`);
    return undefined;
  }
  const isModifier = structure.root.isModifier;
  if (modifier && !isModifier) run.findings.error('structure', path, `The Extension '${url}' must not be used as a modifierExtension: it is not a modifier`);
  if (!modifier && isModifier) run.findings.error('structure', path, `The Extension '${url}' must not be used as an extension (it's a modifierExtension)`);
  checkContext(parent, structure, path);
  return structure;
}

function reportUnknown(parent: Visit, url: string, modifier: boolean, path: Where): void {
  const { findings } = parent.run;
  const kind = modifier ? 'modifier extension' : 'extension';
  if (isExampleDomain(url)) {
    findings.information('extension', path, `The ${kind} ${url} is on an example domain and could not be found, so it was not checked`);
  } else {
    findings.add(modifier ? 'error' : 'warning', 'extension', path, `The ${kind} ${url} could not be found, so it was not checked: load the package or definitions that define it${modifier ? ' (a modifier extension that is not understood makes the element unsafe to process)' : ''}`);
  }
}

/** Reserved example domains (RFC 2606) name made-up extensions in examples and tests. */
function isExampleDomain(url: string): boolean {
  const host = /^[a-z]+:\/\/([^/:]+)/i.exec(url)?.[1]?.toLowerCase();
  return host !== undefined && /(^|\.)example\.(org|com|net)$/.test(host);
}

/** An extension's contexts (StructureDefinition.context) must include where it is used. */
function checkContext(parent: Visit, structure: CompiledStructure, path: Where): void {
  if (/^(ElementDefinition\.(example\.value|pattern|fixed)|[A-Za-z.]*\.(fixed|pattern|defaultValue)\[x\])/.test(parent.host.nodePath)) return;
  const contexts = [...(structure.definition.context ?? []), ...(contextErrata[structure.url] ?? [])];
  if (contexts.length === 0) return;
  if (contexts.some((c) => contextAllows(parent, c))) return;
  const allowed = contexts.map((c) => `${c.type}:${c.expression}`).join(', ');
  const here = [...new Set([parent.host.defPath, parent.host.typePath, parent.host.type])].filter((x) => x !== undefined).join(', ');
  parent.run.findings.error('business-rule', path, `The extension ${structure.url} is not allowed to be used at this point (allowed = ${allowed}; this element is [${here}])`);
}

/**
 * Published corrections to R4 core extension contexts (FHIR-13328 and its kin): R4's own StructureDefinitions
 * use these extensions where their stated context does not allow, and the reference validator accepts them there.
 */
const contextErrata: Readonly<Record<string, readonly StructureDefinitionContext[]>> = {
  'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type': [{ type: 'element', expression: 'ElementDefinition.type' }],
  'http://hl7.org/fhir/StructureDefinition/regex': [{ type: 'element', expression: 'ElementDefinition.type' }],
  'http://hl7.org/fhir/StructureDefinition/structuredefinition-normative-version': [{ type: 'element', expression: 'Element' }],
};

/** R5's abstract CanonicalResource, in an R4 context: a resource with a canonical url, a version and a status. */
function isCanonicalResource(parent: Visit): boolean {
  if (parent.host.defPath !== parent.frame.type) return false;
  const root = parent.run.engine.structures.forType(parent.frame.type)?.root;
  return root !== undefined && ['url', 'version', 'status'].every((name) => root.properties.has(name));
}

/** A FHIRPath context holds when evaluating it on the resource reaches the element the extension is on. */
function fhirpathContextHolds(parent: Visit, expression: string): boolean {
  const { run, frame, host } = parent;
  if (typeof host.value !== 'object' || host.value === null) return false;
  const compiled = run.engine.invariants.compiled(expression, undefined);
  if (compiled instanceof Error) return true;
  try {
    const reached = compiled.evaluate(frame.resource, frame.scope.vars);
    return reached.some((node) => node === host.value || nodeData(node) === host.value);
  } catch {
    return true;
  }
}

function contextAllows(parent: Visit, context: StructureDefinitionContext): boolean {
  const { host } = parent;
  const structures = parent.run.engine.structures;
  switch (context.type) {
    case 'extension':
      return host.extensionUrl !== undefined && context.expression.split('|')[0] === host.extensionUrl;
    case 'fhirpath':
      return fhirpathContextHolds(parent, context.expression);
    case 'element': {
      const expression = context.expression;
      if (expression === 'Element' || expression === 'Base') return true;
      if (expression === 'CanonicalResource' || expression === 'MetadataResource') return isCanonicalResource(parent);
      if (expression === host.defPath || expression === host.nodePath || expression === host.typePath || expression === host.basePath) return true;
      if (host.defPath.replace(/\[x\]/g, '') === expression.replace(/\[x\]/g, '')) return true;
      const type = host.type;
      if (type !== undefined && (expression === type || structures.specializes(type, expression))) return true;
      return false;
    }
    default:
      return false;
  }
}
