import type { ResourceFrame, Run } from './context.js';
import { objects } from './questionnaire-response.js';

/**
 * CapabilityStatement rules the definitions cannot say: a search parameter that names its definition has that
 * definition's type (as the HL7 validator checks: "Type mismatch - SearchParameter ... type is token, but type
 * here is date").
 */
export function checkCapabilityStatement(run: Run, frame: ResourceFrame): void {
  objects(frame.resource.rest).forEach((rest, r) => {
    objects(rest.resource).forEach((resource, s) => {
      objects(resource.searchParam).forEach((parameter, p) => {
        const { definition, type } = parameter;
        if (typeof definition !== 'string' || typeof type !== 'string') return;
        const defined = run.engine.definitions.resolve(definition);
        if (defined?.resourceType !== 'SearchParameter' || typeof defined.type !== 'string' || defined.type === type) return;
        const canonical = defined.version === undefined ? defined.url : `${defined.url}|${defined.version}`;
        run.findings.error('invalid', `${frame.path}.rest[${r}].resource[${s}].searchParam[${p}]`, `Type mismatch - SearchParameter '${canonical}' type is ${defined.type}, but type here is ${type}`);
      });
    });
  });
}
