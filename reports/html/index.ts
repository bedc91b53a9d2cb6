// The self-contained HTML report.
export { htmlReport, htmlReporter } from './report-page.js';
