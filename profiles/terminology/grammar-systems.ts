import fhirpath from 'fhirpath';

/**
 * Code systems defined by a grammar rather than a list, whose codes can be checked without a server:
 * UCUM (with the UCUM library fhirpath.js ships) and MIME types (RFC 6838 type/subtype syntax).
 */
export function grammarRule(system: string): ((code: string) => boolean) | undefined {
  switch (system) {
    case 'http://unitsofmeasure.org':
      return isUcum;
    case 'urn:ietf:bcp:13':
      return isMimeType;
    default:
      return undefined;
  }
}

interface UcumUtils {
  validateUnitString(unit: string, suggest: boolean): { status?: string };
}

// fhirpath.js exports its UCUM library instance at run time but does not declare it.
const ucum = (fhirpath as unknown as { ucumUtils?: UcumUtils }).ucumUtils;

function isUcum(code: string): boolean {
  if (ucum === undefined) throw new Error('fhirpath.js no longer exports ucumUtils: UCUM codes cannot be checked');
  return ucum.validateUnitString(code, false).status === 'valid';
}

const mimeTypes = new Set(['application', 'audio', 'font', 'example', 'image', 'message', 'model', 'multipart', 'text', 'video']);

function isMimeType(code: string): boolean {
  const match = /^([a-z]+)\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\s*(;.*)?$/i.exec(code.trim());
  return match !== null && mimeTypes.has((match[1] ?? '').toLowerCase());
}
