import type { Coding, Resource } from 'fhir/r4.js';
import type { ServedType } from '../content.js';
import type { SummaryMode } from './query.js';

/** R4 search.html#summary: a resource returned with elements left out is tagged SUBSETTED. */
const subsetted: Coding = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'Resource encoded in summary mode' };

/** `_summary` applied to one resource (`count` is the caller's business: it returns no resources). */
export function summarize(resource: Resource, mode: Exclude<SummaryMode, 'count'>, served: ServedType): Resource {
  switch (mode) {
    case 'false':
      return resource;
    case 'true':
      return keep(resource, (name) => hasElement(served.summaryElements, name));
    case 'text':
      return keep(resource, (name) => name === 'text' || name === 'id' || name === 'meta' || hasElement(served.mandatoryElements, name));
    case 'data': {
      if (!('text' in resource)) return resource;
      const { text: _text, ...rest } = resource;
      return tag(rest);
    }
  }
}

/** `_elements`: the named top-level elements, plus id, meta and the mandatory ones (R4 search.html#elements). */
export function selectElements(resource: Resource, names: readonly string[], served: ServedType): Resource {
  // `_elements=value` names the choice element value[x]; `_elements=location` does not reach locationQualifier.
  const wanted = new Set(names.map((name) => (served.elements.has(`${name}[x]`) ? `${name}[x]` : name)));
  return keep(resource, (name) => name === 'id' || name === 'meta' || hasElement(wanted, name) || hasElement(served.mandatoryElements, name));
}

function keep(resource: Resource, wanted: (name: string) => boolean): Resource {
  const kept = Object.fromEntries(
    Object.entries(resource).filter(([key]) => key === 'resourceType' || wanted(key.startsWith('_') ? key.slice(1) : key)),
  );
  return tag(kept as unknown as Resource);
}

/** Whether a JSON property is one of the elements; `value[x]` covers `valueQuantity` and the like. */
function hasElement(elements: ReadonlySet<string>, property: string): boolean {
  if (elements.has(property)) return true;
  for (let end = property.length - 1; end > 0; end--) {
    if (/[A-Z]/.test(property[end] ?? '') && elements.has(`${property.slice(0, end)}[x]`)) return true;
  }
  return false;
}

function tag(resource: Resource): Resource {
  const meta = resource.meta ?? {};
  return { ...resource, meta: { ...meta, tag: [...(meta.tag ?? []), subsetted] } };
}
