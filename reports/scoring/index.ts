// Scoring: capability levels per interface, DTAC evidence, and the view across suppliers.
export type { CapabilityElement, CapabilityLabel, CapabilityLevel } from './capability-levels.js';
export { capabilityElements, dtacQuestions, labelOf, levelTitles } from './capability-levels.js';
export type { Conformance, ConformanceOptions, DtacEvidence, ElementResult } from './conformance.js';
export { conformanceOf } from './conformance.js';
export type { RejectedCertificate, SupplierRow, SupplierView, VerifiedCertificate } from './supplier-view.js';
export { supplierCsv, supplierView } from './supplier-view.js';
