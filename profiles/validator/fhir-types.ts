import type { ElementDefinitionType } from 'fhir/r4.js';

/** The FHIR R4 primitive data types (their JSON form is a JSON string, number or boolean, never an object). */
export const primitiveTypes: ReadonlySet<string> = new Set([
  'base64Binary', 'boolean', 'canonical', 'code', 'date', 'dateTime', 'decimal', 'id', 'instant', 'integer',
  'markdown', 'oid', 'positiveInt', 'string', 'time', 'unsignedInt', 'uri', 'url', 'uuid', 'xhtml',
]);

export function isPrimitiveType(code: string): boolean {
  return primitiveTypes.has(code);
}

const fhirTypeExtension = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

/**
 * The FHIR type code of an ElementDefinition type. R4 snapshots type `Element.id`, `Extension.url` and the
 * `.value` of primitives with FHIRPath system types (`http://hl7.org/fhirpath/System.String`) and say the
 * FHIR type in an extension; both come back as the FHIR type the JSON carries.
 */
export function fhirTypeCode(type: ElementDefinitionType): string {
  const declared = type.extension?.find((e) => e.url === fhirTypeExtension);
  const named = declared?.valueUrl ?? declared?.valueUri ?? declared?.valueString;
  if (named !== undefined) return named;
  const code = type.code;
  if (code.startsWith('http://hl7.org/fhirpath/System.')) return systemTypeToFhir(code.slice('http://hl7.org/fhirpath/System.'.length));
  return code;
}

function systemTypeToFhir(system: string): string {
  switch (system) {
    case 'Boolean':
      return 'boolean';
    case 'Integer':
      return 'integer';
    case 'Decimal':
      return 'decimal';
    case 'Date':
      return 'date';
    case 'DateTime':
      return 'dateTime';
    case 'Time':
      return 'time';
    default:
      return 'string';
  }
}

/** The canonical URL of a core type's StructureDefinition; type codes that are already URLs stay as they are. */
export function typeCanonical(code: string): string {
  return code.includes(':') ? code : `http://hl7.org/fhir/StructureDefinition/${code}`;
}

/** `valueQuantity` from `value[x]` and `Quantity`: the JSON name of one type of a choice element. */
export function choiceJsonName(baseName: string, typeCode: string): string {
  const simple = typeCode.includes('/') ? typeCode.slice(typeCode.lastIndexOf('/') + 1) : typeCode;
  return baseName + simple.charAt(0).toUpperCase() + simple.slice(1);
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value as text for a message: primitives as they are, anything else as JSON. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
