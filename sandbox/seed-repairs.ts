import type { Organization, Resource } from 'fhir/r4.js';

/**
 * References in UK Core 2.0.2's examples that point at an id no example has, where the intended target
 * is plain from the ids that do exist (a missing type prefix, a dropped `-Lab`, a missing hyphen). The
 * sandbox serves them repaired so that every local reference it returns resolves. References it leaves
 * alone: `urn:uuid:` references (they resolve only inside the document Bundle the example was cut
 * from) and references to types the sandbox does not serve (Device).
 */
export const referenceRepairs: readonly { readonly in: string; readonly from: string; readonly to: string }[] = [
  {
    in: 'Immunization/UKCore-Immunization-InfluenzaVaccine-Example',
    from: 'UKCore-Location-GeneralPracticeNurseClinic-Example',
    to: 'Location/UKCore-Location-GeneralPracticeNurseClinic-Example',
  },
  {
    in: 'AllergyIntolerance/UKCore-AllergyIntolerance-Extension-Evidence-Example',
    from: 'DiagnosticReport/UKCore-DiagnosticReport-DiagnosticStudiesReport-Example',
    to: 'DiagnosticReport/UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example',
  },
  {
    in: 'DiagnosticReport/UKCore-DiagnosticReport-Extension-DeviceReference-Example',
    from: 'Observation/UKCore-Observation-WhiteCellCount-Example',
    to: 'Observation/UKCore-Observation-Lab-WhiteCellCount-Example',
  },
  {
    in: 'ServiceRequest/UKCore-ServiceRequest-ColonoscopyRequest-Example',
    from: 'DiagnosticReport/UKCore-DiagnosticReport-DiagnosticStudiesReport-Example',
    to: 'DiagnosticReport/UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example',
  },
  {
    in: 'ServiceRequest/UKCore-ServiceRequest-ColonoscopyRequest-Example',
    from: 'Observation/UKCore-Observation-WhiteCellCount-Example',
    to: 'Observation/UKCore-Observation-Lab-WhiteCellCount-Example',
  },
  {
    in: 'Specimen/UKCore-Specimen-Extension-BodySiteReference-Example',
    from: 'BodyStructure/UKCore-BodyStructure-MedianCubitalVeinExample',
    to: 'BodyStructure/UKCore-BodyStructure-MedianCubitalVein-Example',
  },
  {
    in: 'DiagnosticReport/UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example',
    from: 'UKCore-Observation-Group-FullBloodCount-Example',
    to: 'Observation/UKCore-Observation-Group-FullBloodCount-Example',
  },
];

/** The appliance supplier UKCore-Patient-Extension-MedicalApplianceSupplier-Example refers to; no example has it. */
const whiteRoseMedicalSupply: Organization = {
  resourceType: 'Organization',
  id: 'UKCore-Organization-WhiteRoseMedicalSupply-Example',
  meta: { profile: ['https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization'] },
  active: true,
  name: 'WHITE ROSE MEDICAL SUPPLY',
  address: [{ line: ['ROSE STREET'], city: 'LEEDS', country: 'ENGLAND' }],
};

/** Resources the sandbox adds to the examples (see each one's comment). */
export const seedAdditions: readonly Resource[] = [whiteRoseMedicalSupply];
