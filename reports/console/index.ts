// The console reporter: live progress on a terminal, plain lines on CI, then the summary.
export type { ConsoleOptions } from './console-reporter.js';
export { consoleReporter } from './console-reporter.js';
