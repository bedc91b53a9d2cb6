import type { CollectedRun } from '../collected-run.js';
import type { Level, TestResult } from '../model.js';
import type { RequirementOutcome, RequirementResult } from '../requirement-outcomes.js';
import type { Html } from './escape.js';
import { html } from './escape.js';
import { exchangeHtml, missingExchangeHtml } from './evidence.js';

/** Failures first: fail, error, skip, pass, omit, untested; then SHALL before SHOULD before MAY. */
const outcomeRank: Readonly<Record<RequirementOutcome, number>> = { fail: 0, error: 1, skip: 2, pass: 3, omit: 4, untested: 5 };
const levelRank: Readonly<Record<Level, number>> = { SHALL: 0, SHOULD: 1, MAY: 2 };

export function failuresFirst<T extends { outcome: RequirementOutcome; level: Level }>(items: readonly T[]): T[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => outcomeRank[a.item.outcome] - outcomeRank[b.item.outcome] || levelRank[a.item.level] - levelRank[b.item.level] || a.index - b.index)
    .map(({ item }) => item);
}

export function tag(outcome: RequirementOutcome): Html {
  return html`<span class="tag tag-${outcome}">${outcome}</span>`;
}

/** Anchors for tests and requirements: ids in reports hold characters that make poor fragment ids. */
export interface Anchors {
  readonly test: ReadonlyMap<string, string>;
  readonly requirement: ReadonlyMap<string, string>;
}

export function requirementsSection(run: CollectedRun, requirements: readonly RequirementResult[], anchors: Anchors): Html {
  const byId = new Map(run.tests.map((test) => [test.id, test]));
  const texts = new Map(run.header.suites.flatMap((s) => s.requirements.map((r) => [`${s.id}\u0000${r.id}`, r])));
  return html`${run.header.suites.map((suite) => {
    const own = failuresFirst(requirements.filter((r) => r.suite === suite.id));
    return html`<h3>${suite.title} ${suite.version} <span class="muted">(${suite.id}, ${own.length} requirements)</span></h3>
${own.map((r) => {
  const requirement = texts.get(`${r.suite}\u0000${r.id}`);
  const search = `${r.id} ${requirement?.text ?? ''}`.toLowerCase();
  return html`<details class="requirement" id="${anchors.requirement.get(`${r.suite}\u0000${r.id}`)}" data-outcome="${r.outcome}" data-suite="${r.suite}" data-level="${r.level}" data-search="${search}">
<summary>${tag(r.outcome)} <strong>${r.id}</strong> ${r.level}: ${requirement?.text ?? ''}</summary>
<p>Source: <a href="${requirement?.source ?? ''}">${requirement?.source ?? ''}</a></p>
${r.tests.length === 0 ? html`<p class="muted">No test verifies this requirement.</p>` : html`<ul>${r.tests.map((id) => {
  const test = byId.get(id);
  return html`<li><a href="#${anchors.test.get(id)}">${test === undefined ? id : html`${tag(test.outcome)} ${test.title}`}</a> <span class="muted mono">${id}</span></li>`;
})}</ul>`}
</details>`;
})}`;
  })}`;
}

export function testsSection(run: CollectedRun, anchors: Anchors, suiteOf: ReadonlyMap<string, string>): Html {
  return html`${failuresFirst(run.tests).map((test) => testHtml(test, run, anchors, suiteOf))}`;
}

function testHtml(test: TestResult, run: CollectedRun, anchors: Anchors, suiteOf: ReadonlyMap<string, string>): Html {
  const exchanges = new Map((run.exchanges.get(test.id) ?? []).map((e) => [e.id, e]));
  const search = `${test.id} ${test.title} ${test.verifies.join(' ')} ${test.message ?? ''}`.toLowerCase();
  return html`<details class="test" id="${anchors.test.get(test.id)}" data-outcome="${test.outcome}" data-suite="${test.suite}" data-level="${test.level}" data-search="${search}">
<summary>${tag(test.outcome)} ${test.level}: ${test.title} <span class="muted mono">${test.id}</span></summary>
<div class="card">
${test.message === undefined ? '' : html`<p class="message"><strong>${test.outcome === 'pass' ? 'Note' : 'Why'}:</strong> ${test.message}</p>`}
${test.findings === undefined || test.findings.length === 0 ? '' : html`<table><thead><tr><th>Severity</th><th>Code</th><th>Finding</th><th>Where</th></tr></thead><tbody>${test.findings.map(
  (f) => html`<tr><td>${f.severity}</td><td>${f.code}</td><td>${f.text}</td><td class="mono">${(f.expression ?? []).join(', ')}</td></tr>`,
)}</tbody></table>`}
<p>Verifies: ${test.verifies.length === 0 ? 'no requirement' : test.verifies.map((id, i) => html`${i === 0 ? '' : ', '}<a href="#${anchors.requirement.get(`${suiteOf.get(test.id) ?? test.suite}\u0000${id}`)}">${id}</a>`)}. ${test.durationMs} ms.</p>
<h4>Evidence (${test.evidence.length} ${test.evidence.length === 1 ? 'exchange' : 'exchanges'})</h4>
${test.evidence.length === 0 ? html`<p class="muted">No HTTP exchange.</p>` : test.evidence.map((ref) => {
  const exchange = exchanges.get(ref.id);
  return exchange === undefined ? missingExchangeHtml(ref) : exchangeHtml(exchange);
})}
</div>
</details>`;
}
