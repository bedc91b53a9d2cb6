import { writeFilesAtomically } from '../atomic-files.js';
import type { CollectedRun } from '../collected-run.js';
import { collectRun } from '../collected-run.js';
import type { Reporter } from '../model.js';
import { requirementResults } from '../requirement-outcomes.js';
import { html } from './escape.js';
import { htmlPage } from './page.js';
import { requirementsSection, tag, testsSection } from './report-sections.js';
import { reportScript } from './report-script.js';

const outcomes = ['fail', 'error', 'skip', 'pass', 'omit', 'untested'] as const;

/**
 * The self-contained HTML report: one file with no external asset that opens offline. Summary, then
 * requirement -> test -> evidence, failures first, every exchange viewable, with filters.
 */
export function htmlReport(run: CollectedRun): string {
  const { header, summary } = run;
  const requirements = requirementResults({ suites: header.suites, tests: run.tests });
  const anchors = {
    test: new Map(run.tests.map((t, i) => [t.id, `t-${i + 1}`])),
    requirement: new Map(requirements.map((r, i) => [`${r.suite}\u0000${r.id}`, `r-${i + 1}`])),
  };
  const suiteOf = new Map(run.tests.map((t) => [t.id, t.suite]));
  const untested = requirements.filter((r) => r.outcome === 'untested').length;
  const unlinked = run.tests.filter((t) => t.verifies.length === 0).length;
  return htmlPage({
    title: `Assay report: ${header.target.name} (${header.runId})`,
    style: '.filters{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-end}.filters fieldset{border:0;margin:0;padding:0}.filters label{margin-right:12px}',
    header: html`<h1>Assay conformance report</h1><p>${header.target.name}: <span class="mono">${header.target.baseUrl}</span></p>`,
    script: reportScript,
    main: html`${run.complete ? '' : html`<div class="card card-warning" id="incomplete"><strong>This run did not finish</strong> (it was interrupted): the results below are partial.</div>`}
<section id="summary">
<h2>Summary</h2>
<ul class="counts">
<li><b>${summary.total}</b>tests</li>
<li><b>${summary.fail}</b>${tag('fail')}</li>
<li><b>${summary.error}</b>${tag('error')}</li>
<li><b>${summary.skip}</b>${tag('skip')}</li>
<li><b>${summary.pass}</b>${tag('pass')}</li>
<li><b>${summary.omit}</b>${tag('omit')}</li>
<li><b>${summary.shallFailures}</b>SHALL failures</li>
<li><b>${summary.shouldFailures}</b>SHOULD failures</li>
</ul>
<table><thead><tr><th>Suite</th><th>Version</th><th>Tests</th><th>Fail</th><th>Error</th><th>Skip</th><th>Pass</th><th>Omit</th></tr></thead><tbody>
${header.suites.map((suite) => {
  const own = run.tests.filter((t) => t.suite === suite.id);
  const n = (o: string) => own.filter((t) => t.outcome === o).length;
  return html`<tr><td>${suite.title} (<span class="mono">${suite.id}</span>)</td><td>${suite.version}</td><td>${own.length}</td><td>${n('fail')}</td><td>${n('error')}</td><td>${n('skip')}</td><td>${n('pass')}</td><td>${n('omit')}</td></tr>`;
})}
</tbody></table>
<p>Run <span class="mono">${header.runId}</span> from ${header.startedAt} to ${run.finishedAt}, Assay ${header.tool.version}; auth ${header.target.auth}; validator ${header.validator.name} ${header.validator.version}, terminology ${header.validator.terminology}.
Coverage: ${untested} requirements with no test, ${unlinked} tests verifying no requirement.</p>
<table><thead><tr><th>Package</th><th>Version</th><th>sha256</th></tr></thead><tbody>
${header.packages.map((p) => html`<tr><td>${p.id}</td><td>${p.version}</td><td class="mono">${p.sha256}</td></tr>`)}
</tbody></table>
</section>
<form id="filters" class="card filters no-print" aria-label="Filters">
<fieldset><legend>Outcome</legend>${outcomes.map((o) => html`<label><input type="checkbox" name="outcome" value="${o}" checked> ${o}</label>`)}</fieldset>
<label>Suite <select name="suite"><option value="">all</option>${header.suites.map((s) => html`<option value="${s.id}">${s.id}</option>`)}</select></label>
<label>Level <select name="level"><option value="">all</option><option>SHALL</option><option>SHOULD</option><option>MAY</option></select></label>
<label>Search <input type="search" name="search" placeholder="id, title or text"></label>
<p id="shown" aria-live="polite"></p>
</form>
<section id="requirements">
<h2>Requirements</h2>
${requirementsSection(run, requirements, anchors)}
</section>
<section id="tests">
<h2>Tests, failures first</h2>
${testsSection(run, anchors, suiteOf)}
</section>`,
  });
}

/** Writes report.html once the run ends. */
export function htmlReporter(file: string): Reporter {
  return {
    name: 'html',
    fold: async (events) => writeFilesAtomically([{ path: file, data: htmlReport(await collectRun(events)) }]),
  };
}
