import type { Device, Organization, Resource } from 'fhir/r4.js';

/** One value the sandbox corrects in one example: the JSON property `key` holding `from` gets `to`. */
export interface SeedRepair {
  readonly in: string;
  readonly key: 'reference' | 'value';
  readonly from: string;
  readonly to: string;
}

/**
 * Mistakes in UK Core 2.0.2's examples that the clean sandbox must not serve.
 *
 * References that point at an id no example has, where the intended target is plain from the ids that do
 * exist (a missing type prefix, a dropped `-Lab`, a missing hyphen), so that every local reference the
 * sandbox returns resolves. References left alone: `urn:uuid:` references (they resolve only inside the
 * document Bundle the example was cut from).
 *
 * And one NHS number that fails the Modulus 11 check: 9912003890 gets the check digit its first nine
 * digits call for (9912003896).
 */
export const seedRepairs: readonly SeedRepair[] = [
  { in: 'Patient/UKCore-Patient-BabyPatient-Example', key: 'value', from: '9912003890', to: '9912003896' },
  {
    in: 'Immunization/UKCore-Immunization-InfluenzaVaccine-Example',
    key: 'reference',
    from: 'UKCore-Location-GeneralPracticeNurseClinic-Example',
    to: 'Location/UKCore-Location-GeneralPracticeNurseClinic-Example',
  },
  {
    in: 'AllergyIntolerance/UKCore-AllergyIntolerance-Extension-Evidence-Example',
    key: 'reference',
    from: 'DiagnosticReport/UKCore-DiagnosticReport-DiagnosticStudiesReport-Example',
    to: 'DiagnosticReport/UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example',
  },
  {
    in: 'DiagnosticReport/UKCore-DiagnosticReport-Extension-DeviceReference-Example',
    key: 'reference',
    from: 'Observation/UKCore-Observation-WhiteCellCount-Example',
    to: 'Observation/UKCore-Observation-Lab-WhiteCellCount-Example',
  },
  {
    in: 'ServiceRequest/UKCore-ServiceRequest-ColonoscopyRequest-Example',
    key: 'reference',
    from: 'DiagnosticReport/UKCore-DiagnosticReport-DiagnosticStudiesReport-Example',
    to: 'DiagnosticReport/UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example',
  },
  {
    in: 'ServiceRequest/UKCore-ServiceRequest-ColonoscopyRequest-Example',
    key: 'reference',
    from: 'Observation/UKCore-Observation-WhiteCellCount-Example',
    to: 'Observation/UKCore-Observation-Lab-WhiteCellCount-Example',
  },
  {
    in: 'Specimen/UKCore-Specimen-Extension-BodySiteReference-Example',
    key: 'reference',
    from: 'BodyStructure/UKCore-BodyStructure-MedianCubitalVeinExample',
    to: 'BodyStructure/UKCore-BodyStructure-MedianCubitalVein-Example',
  },
  {
    in: 'DiagnosticReport/UKCore-DiagnosticReport-Lab-DiagnosticStudiesReport-Example',
    key: 'reference',
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

/** The software device UKCore-DiagnosticReport-Extension-DeviceReference-Example refers to twice; no example has it. */
const softwareAsAMedicalDevice: Device = {
  resourceType: 'Device',
  id: 'UKCore-Device-SoftwareAsAMedicalDevice-Example',
  status: 'active',
  deviceName: [{ name: 'Full blood count interpretation software', type: 'user-friendly-name' }],
  type: { text: 'Software as a medical device' },
  owner: { reference: 'Organization/UKCore-Organization-LeedsTeachingHospital-Example' },
};

/** Resources the sandbox adds to the examples (see each one's comment). */
export const seedAdditions: readonly Resource[] = [whiteRoseMedicalSupply, softwareAsAMedicalDevice];
