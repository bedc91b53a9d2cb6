// The public face of the reports room: the run report model, reporters, certificates, scoring and gates.
export type {
  EvidenceRef,
  Exchange,
  Finding,
  Level,
  Outcome,
  PackageInfo,
  Requirement,
  RunEvent,
  RunReport,
  RunSummary,
  SuiteInfo,
  TestResult,
} from './model.js';
