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
