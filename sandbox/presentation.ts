import type { Patient, Resource } from 'fhir/r4.js';
import type { DefectId } from './defects.js';

/**
 * The outgoing form of stored resources, where the two content defects act: drops-must-support leaves
 * out Patient.telecom (Must Support in UKCore-Patient, and no declared search parameter reads it, so no
 * search result changes); serves-profile-violations gives every Patient address a use outside the
 * required address-use ValueSet. Clean, it is the identity.
 */
export function presenter(defects: ReadonlySet<DefectId>): (resource: Resource) => Resource {
  const dropTelecom = defects.has('drops-must-support');
  const violate = defects.has('serves-profile-violations');
  if (!dropTelecom && !violate) return (resource) => resource;
  return (resource) => {
    if (resource.resourceType !== 'Patient') return resource;
    let patient = resource as Patient;
    if (dropTelecom && (patient.telecom !== undefined || '_telecom' in patient)) {
      const { telecom: _telecom, _telecom: _telecomExtensions, ...rest } = patient as Patient & { _telecom?: unknown };
      patient = rest;
    }
    if (violate && patient.address !== undefined) {
      patient = { ...patient, address: patient.address.map((a) => ({ ...a, use: 'residential' as never })) };
    }
    return patient;
  };
}
