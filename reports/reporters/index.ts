// Reporters for CI systems and FHIR: each a fold of the run's event stream.
export { junitReporter, junitXml } from './junit.js';
export { testReportReporter, testReports } from './test-report.js';
