import type { ResourceFrame, Run } from './context.js';
import { isJsonObject, text } from './fhir-types.js';
import { objects } from './questionnaire-response.js';

const absolute = /^(urn:uuid:|urn:oid:|[a-z][a-z0-9+.-]*:\/\/)/i;
const restful = /^(https?:\/\/.+)\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const singleLinks = new Set(['self', 'first', 'previous', 'prev', 'next', 'last']);

/**
 * Bundle rules the definitions cannot say: each entry's fullUrl is absolute and agrees with its resource's
 * type and id; entries carry a fullUrl except in transactions and batches (and search outcomes, which
 * are not identified); paging links occur once each.
 */
export function checkBundle(run: Run, frame: ResourceFrame): void {
  const bundle = frame.resource;
  const { findings, engine } = run;
  const type = bundle.type;
  objects(bundle.entry).forEach((entry, i) => {
    const path = `${frame.path}.entry[${i}]`;
    const fullUrl = entry.fullUrl;
    const resource = isJsonObject(entry.resource) ? entry.resource : undefined;
    if (typeof fullUrl !== 'string') {
      const outcome = isJsonObject(entry.search) && entry.search.mode === 'outcome';
      if (resource !== undefined && !outcome && type !== 'transaction' && type !== 'batch' && type !== 'transaction-response' && type !== 'batch-response') {
        findings.error('required', path, 'Except for transactions and batches, each entry in a Bundle must have a fullUrl which is the identity of the resource in the entry');
      }
      return;
    }
    if (!absolute.test(fullUrl)) {
      findings.error('invalid', `${path}.fullUrl`, `The fullUrl must be an absolute URL (not '${fullUrl}')`);
      return;
    }
    const match = restful.exec(fullUrl);
    if (match === null || resource === undefined || !engine.structures.isResourceType(match[2] ?? '')) return;
    if (resource.resourceType !== match[2] || (resource.id !== undefined && resource.id !== match[3])) {
      findings.error('invalid', `${path}.fullUrl`, `The fullUrl '${fullUrl}' looks like a RESTful server URL, so it must end with the type and id of its resource (${text(resource.resourceType)}/${text(resource.id)})`);
    }
  });
  const counts = new Map<string, number>();
  objects(bundle.link).forEach((link, i) => {
    if (typeof link.relation !== 'string' || !singleLinks.has(link.relation)) return;
    const count = (counts.get(link.relation) ?? 0) + 1;
    counts.set(link.relation, count);
    if (count === 2) findings.error('invalid', `${frame.path}.link[${i}]`, `The link relationship type '${link.relation}' can only occur once`);
  });
}
