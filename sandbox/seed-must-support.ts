import type {
  Appointment,
  Composition,
  Condition,
  DiagnosticReport,
  Encounter,
  FamilyMemberHistory,
  Location,
  MedicationDispense,
  MedicationRequest,
  MedicationStatement,
  Observation,
  Patient,
  PractitionerRole,
  RelatedPerson,
  Resource,
  ServiceRequest,
} from 'fhir/r4.js';

/**
 * UK Core 2.0.2's examples never populate some Must Support elements (Patient.active, Observation.value[x],
 * RelatedPerson.telecom, ...). A server that claims a profile should show each of its Must Support elements
 * in what it returns, so the sandbox adds one resource per such profile that fills them, about the same
 * patient and care as the examples. Each is marked with the sandbox's own identifier system.
 */
const ukCore = 'https://fhir.hl7.org.uk/StructureDefinition/';
const sct = 'http://snomed.info/sct';
const richard = { reference: 'Patient/UKCore-Patient-RichardSmith-Example' };
const sandra = { reference: 'Practitioner/UKCore-Practitioner-ConsultantSandraGose-Example' };
const leeds = { reference: 'Organization/UKCore-Organization-LeedsTeachingHospital-Example' };
const inpatient = { reference: 'Encounter/UKCore-Encounter-InpatientEncounter-Example' };
const hipPain = { reference: 'Condition/UKCore-Condition-HipReplacement-Example' };
const eyeDrops = { reference: 'Medication/UKCore-Medication-TimoptolEyeDrops-Example' };
const identifier = (value: string) => [{ system: 'https://assay.dev/sandbox/must-support', value }];
const meta = (profile: string) => ({ profile: [`${ukCore}${profile}`] });
const id = (type: string) => `Sandbox-${type}-MustSupport`;

const patient: Patient = {
  resourceType: 'Patient',
  id: id('Patient'),
  meta: meta('UKCore-Patient'),
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000009' }],
  active: true,
  name: [{ use: 'official', family: 'ACTIVE', given: ['Alex'] }],
  telecom: [{ system: 'phone', value: '0113 496 0000', use: 'home' }],
  gender: 'unknown',
  birthDate: '1985-04-02',
  address: [{ use: 'home', line: ['1 Park Row'], city: 'LEEDS', postalCode: 'LS1 5AB' }],
};

const appointment: Appointment = {
  resourceType: 'Appointment',
  id: id('Appointment'),
  meta: meta('UKCore-Appointment'),
  identifier: identifier('appointment-1'),
  status: 'booked',
  reasonCode: [{ coding: [{ system: sct, code: '22253000', display: 'Pain' }] }],
  start: '2025-03-03T09:00:00Z',
  end: '2025-03-03T09:30:00Z',
  participant: [
    { actor: richard, status: 'accepted' },
    { actor: sandra, status: 'accepted' },
  ],
};

const composition: Composition = {
  resourceType: 'Composition',
  id: id('Composition'),
  meta: meta('UKCore-Composition'),
  status: 'final',
  type: { coding: [{ system: sct, code: '373942005', display: 'Discharge summary' }] },
  subject: richard,
  encounter: inpatient,
  date: '2025-03-04T12:00:00Z',
  author: [sandra],
  title: 'Discharge summary',
  confidentiality: 'N',
  custodian: leeds,
};

const condition: Condition = {
  resourceType: 'Condition',
  id: id('Condition'),
  meta: meta('UKCore-Condition'),
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
  severity: { coding: [{ system: sct, code: '6736007', display: 'Moderate' }] },
  code: { coding: [{ system: sct, code: '22253000', display: 'Pain' }] },
  subject: richard,
  encounter: inpatient,
  recordedDate: '2025-03-03',
  recorder: sandra,
};

const diagnosticReport: DiagnosticReport = {
  resourceType: 'DiagnosticReport',
  id: id('DiagnosticReport'),
  meta: meta('UKCore-DiagnosticReport'),
  status: 'final',
  category: [{ coding: [{ system: sct, code: '394914008', display: 'Radiology' }] }],
  code: { coding: [{ system: sct, code: '82918005', display: 'Plain X-ray of hip' }] },
  subject: richard,
  encounter: inpatient,
  issued: '2025-03-03T15:00:00Z',
  performer: [leeds],
  conclusion: 'Moderate osteoarthritis of both hips.',
};

const labReport: DiagnosticReport = {
  resourceType: 'DiagnosticReport',
  id: id('DiagnosticReport-Lab'),
  meta: meta('UKCore-DiagnosticReport-Lab'),
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' }] }],
  code: { coding: [{ system: sct, code: '26604007', display: 'Complete blood count' }] },
  subject: richard,
  issued: '2025-03-03T16:00:00Z',
  result: [{ reference: 'Observation/UKCore-Observation-Lab-RedCellCount-Example' }],
};

const encounter: Encounter = {
  resourceType: 'Encounter',
  id: id('Encounter'),
  meta: meta('UKCore-Encounter'),
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
  subject: richard,
  period: { start: '2025-03-03T09:00:00Z', end: '2025-03-03T09:30:00Z' },
  reasonReference: [hipPain],
  serviceProvider: leeds,
};

const familyMemberHistory: FamilyMemberHistory = {
  resourceType: 'FamilyMemberHistory',
  id: id('FamilyMemberHistory'),
  meta: meta('UKCore-FamilyMemberHistory'),
  status: 'completed',
  patient: richard,
  date: '2025-03-03',
  name: 'Joan Smith',
  relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'MTH', display: 'mother' }] },
  condition: [{ code: { coding: [{ system: sct, code: '396275006', display: 'Osteoarthritis' }] } }],
};

const location: Location = {
  resourceType: 'Location',
  id: id('Location'),
  meta: meta('UKCore-Location'),
  identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-site-code', value: 'RR813' }],
  status: 'active',
  name: 'Chapel Allerton Hospital',
  managingOrganization: leeds,
};

const doseAndRate = [
  {
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/dose-rate-type', code: 'ordered', display: 'Ordered' }] },
    doseQuantity: { value: 1, unit: 'drop', system: 'http://unitsofmeasure.org', code: '[drp]' },
    rateQuantity: { value: 2, unit: 'drop per day', system: 'http://unitsofmeasure.org', code: '[drp]/d' },
  },
];

const medicationRequest: MedicationRequest = {
  resourceType: 'MedicationRequest',
  id: id('MedicationRequest'),
  meta: meta('UKCore-MedicationRequest'),
  identifier: identifier('medication-request-1'),
  status: 'active',
  intent: 'order',
  medicationReference: eyeDrops,
  subject: richard,
  authoredOn: '2025-03-03T10:00:00Z',
  requester: sandra,
  dosageInstruction: [{ text: '1 drop in the left eye twice a day', doseAndRate }],
  dispenseRequest: { quantity: { value: 5, unit: 'millilitre', system: 'http://unitsofmeasure.org', code: 'mL' } },
  substitution: { allowedBoolean: true },
};

const medicationDispense: MedicationDispense = {
  resourceType: 'MedicationDispense',
  id: id('MedicationDispense'),
  meta: meta('UKCore-MedicationDispense'),
  status: 'completed',
  medicationReference: eyeDrops,
  subject: richard,
  authorizingPrescription: [{ reference: `MedicationRequest/${id('MedicationRequest')}` }],
  quantity: { value: 5, unit: 'millilitre', system: 'http://unitsofmeasure.org', code: 'mL' },
  whenHandedOver: '2025-03-03T14:00:00Z',
  dosageInstruction: [{ text: '1 drop in the left eye twice a day', doseAndRate }],
};

const medicationStatement: MedicationStatement = {
  resourceType: 'MedicationStatement',
  id: id('MedicationStatement'),
  meta: meta('UKCore-MedicationStatement'),
  basedOn: [{ reference: `MedicationRequest/${id('MedicationRequest')}` }],
  status: 'active',
  medicationReference: eyeDrops,
  subject: richard,
  effectivePeriod: { start: '2025-03-03' },
  dateAsserted: '2025-03-10',
  informationSource: richard,
  derivedFrom: [{ reference: `MedicationDispense/${id('MedicationDispense')}` }],
};

const observation: Observation = {
  resourceType: 'Observation',
  id: id('Observation'),
  meta: meta('UKCore-Observation'),
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs', display: 'Vital Signs' }] }],
  code: { coding: [{ system: sct, code: '75367002', display: 'Blood pressure' }] },
  subject: richard,
  effectiveDateTime: '2025-03-03T09:10:00Z',
  performer: [sandra],
  valueString: 'Normal for age',
  component: [
    { code: { coding: [{ system: sct, code: '72313002', display: 'Systolic arterial pressure' }] }, valueQuantity: { value: 128, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
    { code: { coding: [{ system: sct, code: '1091811000000102', display: 'Diastolic arterial pressure' }] }, valueQuantity: { value: 82, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
  ],
};

const practitionerRole: PractitionerRole = {
  resourceType: 'PractitionerRole',
  id: id('PractitionerRole'),
  meta: meta('UKCore-PractitionerRole'),
  active: true,
  period: { start: '2020-01-01' },
  practitioner: sandra,
  organization: leeds,
  code: [{ coding: [{ system: sct, code: '309343006', display: 'Physician' }] }],
  location: [{ reference: 'Location/UKCore-Location-HospitalSJUH-Example' }],
};

const relatedPerson: RelatedPerson = {
  resourceType: 'RelatedPerson',
  id: id('RelatedPerson'),
  meta: meta('UKCore-RelatedPerson'),
  active: true,
  patient: richard,
  relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'SON', display: 'natural son' }] }],
  name: [{ use: 'official', family: 'SMITH', given: ['Sam'] }],
  telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile' }],
  address: [{ use: 'home', line: ['2 Park Row'], city: 'LEEDS', postalCode: 'LS1 5AB' }],
};

const serviceRequest: ServiceRequest = {
  resourceType: 'ServiceRequest',
  id: id('ServiceRequest'),
  meta: meta('UKCore-ServiceRequest'),
  basedOn: [{ reference: 'ServiceRequest/UKCore-ServiceRequest-HipReplacement-Example' }],
  status: 'active',
  intent: 'order',
  category: [{ coding: [{ system: sct, code: '387713003', display: 'Surgical procedure' }] }],
  code: { coding: [{ system: sct, code: '52734007', display: 'Total replacement of hip' }] },
  subject: richard,
  authoredOn: '2025-03-03',
  requester: sandra,
};

export const mustSupportAdditions: readonly Resource[] = [
  appointment,
  composition,
  condition,
  diagnosticReport,
  labReport,
  encounter,
  familyMemberHistory,
  location,
  medicationDispense,
  medicationRequest,
  medicationStatement,
  observation,
  patient,
  practitionerRole,
  relatedPerson,
  serviceRequest,
];
