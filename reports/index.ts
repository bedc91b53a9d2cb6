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
export { evidenceFileName, foldRunReport, reportFileName, runReportReporter } from './run-report-writer.js';
