// The public face of the reports room: the run report model, reporters, certificates, scoring and gates.
export type {
  EvidenceRef,
  Exchange,
  Finding,
  Level,
  Outcome,
  PackageInfo,
  Reporter,
  Requirement,
  RunEvent,
  RunHeader,
  RunReport,
  RunSummary,
  SuiteInfo,
  TestResult,
} from './model.js';
export { canonicalJson } from './canonical-json.js';
export type { ConsoleOptions } from './console/index.js';
export { consoleReporter } from './console/index.js';
export type { ReporterContext, ReporterEntry } from './reporter-registry.js';
export { defaultReporters, reporterRegistry } from './reporter-registry.js';
export { evidenceFileName, reportFileName, runReportReporter } from './run-report-writer.js';
export type { Clock } from './clock.js';
export { fixedClock, systemClock } from './clock.js';
export { reportDigest } from './digest.js';
export { checkWritableFolder, writeFilesAtomically } from './atomic-files.js';
export { readUserFile } from './user-file.js';
export type { EvidenceCheck } from './evidence-file.js';
export { readEvidence } from './evidence-file.js';
export type { OutputFile } from './atomic-files.js';
export { checkRunReport, parseRunReport, readRunReport, summarise } from './run-report.js';
export type { CollectedRun } from './collected-run.js';
export { collectRun, replayRun } from './collected-run.js';
export { junitReporter, junitXml, testReportReporter, testReports } from './reporters/index.js';
export { htmlReport, htmlReporter } from './html/index.js';
export type { RequirementOutcome, RequirementResult } from './requirement-outcomes.js';
export { requirementResults } from './requirement-outcomes.js';
export type {
  AssessmentMethod,
  Certificate,
  CertificateFiles,
  CertificateSubject,
  CertificateVerifier,
  GeneratedKeyPair,
  IssueOptions,
  IssuedCertificate,
  Jwks,
  PublicJwk,
  RejectionReason,
  Signer,
  SigningAlgorithm,
  Verification,
  VerifyOptions,
} from './certificate/index.js';
export {
  certificateHtml,
  certificatePagePath,
  certificateVerifier,
  decodeCertificate,
  defaultValidDays,
  describeIssuedCertificate,
  describeSubject,
  notStated,
  generateSigningKey,
  issueCertificate,
  readCertificate,
  readJwks,
  readSigningKey,
  signerFromJwk,
  verificationCode,
  verifyCertificate,
  writeCertificateFiles,
} from './certificate/index.js';
export type {
  CapabilityLabel,
  CapabilityLevel,
  Conformance,
  ConformanceOptions,
  DtacEvidence,
  ElementResult,
  RejectedCertificate,
  SupplierRow,
  SupplierView,
  VerifiedCertificate,
} from './scoring/index.js';
export { capabilityElements, conformanceOf, dtacQuestions, labelOf, levelTitles, supplierCsv, supplierView } from './scoring/index.js';
export type { GateCheck, GatePolicy, GateVerdict } from './gate/index.js';
export { evaluateGate, parseGatePolicy, readGatePolicy } from './gate/index.js';
export type { OutcomeDiff, OutcomeSnapshot, RequirementChange } from './diff.js';
export { diffOutcomes, diffText, hasShallRegression, snapshotOfCertificate, snapshotOfReport } from './diff.js';
