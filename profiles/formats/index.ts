// Other serialisations of FHIR resources, read into the JSON form the validator works on.
export type { ConvertedXml, XmlProblem } from './fhir-xml.js';
export { fhirNamespace, fhirXmlToJson } from './fhir-xml.js';
