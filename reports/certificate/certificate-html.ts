import { html } from '../html/escape.js';
import { htmlPage } from '../html/page.js';
import { levelTitles } from '../scoring/capability-levels.js';
import { describeSubject } from './certificate.js';
import type { IssuedCertificate } from './issue.js';

const certificateStyle = `
@page{size:A4;margin:16mm}
.code{font-size:28px;font-weight:700;letter-spacing:2px;font-family:Menlo,Consolas,monospace}
.level{font-size:32px;font-weight:700;margin:0}
.jws{font-size:9px;max-height:none}
`;

/**
 * The human-readable certificate: one printable, self-contained page with what the signed certificate
 * says, its verification code and the JWS itself, so a reader can match a printout to the signed file.
 */
export function certificateHtml({ certificate: c, jws, verificationCode }: IssuedCertificate): string {
  const failed = c.scope.requirements.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
  return htmlPage({
    title: `Assay certificate: ${describeSubject(c.subject)}`,
    style: certificateStyle,
    header: html`<h1>Conformance certificate</h1><p>Issued by Assay for FHIR R4, UK Core and NHS England API standards</p>`,
    main: html`<section class="card" id="verification">
<h2>Verification code</h2>
<p class="code" id="verification-code">${verificationCode}</p>
<p>Check this certificate offline with the issuer's public keys: <code>assay verify certificate.jws --jwks ISSUER-JWKS --report report.json</code>. The command prints the same code; a certificate that was changed in any way fails verification.</p>
</section>
<section class="card" id="subject">
<h2>Subject</h2>
<table><tbody>
<tr><th>Organisation</th><td>${c.subject.organisation}</td></tr>
<tr><th>Product</th><td>${c.subject.product}</td></tr>
<tr><th>Version</th><td>${c.subject.version}</td></tr>
<tr><th>Endpoint</th><td class="mono">${c.subject.endpoint}</td></tr>
</tbody></table>
</section>
<section class="card" id="result">
<h2>Result</h2>
<p class="level">Level ${c.conformance.level}: ${c.conformance.label}</p>
<p>${levelTitles[c.conformance.level]}</p>
<p>${c.results.total} tests: ${c.results.pass} passed, ${c.results.fail} failed, ${c.results.error} errors, ${c.results.skip} skipped, ${c.results.omit} not applicable. SHALL failures: ${c.results.shallFailures}. SHOULD failures: ${c.results.shouldFailures}.</p>
${failed.length === 0 ? '' : html`<h3>Failed requirements</h3><ul>${failed.map((r) => html`<li><code>${r.id}</code> (${r.suite}, ${r.level})</li>`)}</ul>`}
<h3>Capability elements</h3>
<table><thead><tr><th>Level</th><th>Element</th><th>Met</th><th>Why</th></tr></thead><tbody>
${c.conformance.elements.map((e) => html`<tr><td>${e.level}</td><td>${e.title}</td><td>${e.met ? 'yes' : 'no'}</td><td>${e.reason}</td></tr>`)}
</tbody></table>
<h3>DTAC interoperability evidence</h3>
<table><tbody>
${c.conformance.dtac.map((d) => html`<tr><th>${d.id}</th><td>${d.question}</td><td>${d.evidenced ? 'evidenced' : 'not evidenced'}</td></tr>`)}
</tbody></table>
</section>
<section class="card" id="scope">
<h2>Scope</h2>
<table><thead><tr><th>Suite</th><th>Version</th><th>Requirements</th></tr></thead><tbody>
${c.scope.suites.map((s) => html`<tr><td>${s.title} (<code>${s.id}</code>)</td><td>${s.version}</td><td>${c.scope.requirements.filter((r) => r.suite === s.id).length}</td></tr>`)}
</tbody></table>
<table><thead><tr><th>Package</th><th>Version</th><th>sha256</th></tr></thead><tbody>
${c.scope.packages.map((p) => html`<tr><td>${p.id}</td><td>${p.version}</td><td class="mono">${p.sha256}</td></tr>`)}
</tbody></table>
<p>Validator ${c.scope.validator.name} ${c.scope.validator.version}; terminology: ${c.scope.validator.terminology}.</p>
</section>
<section class="card" id="issue">
<h2>Issue</h2>
<table><tbody>
<tr><th>Issuer</th><td>${c.issuer.name} (key <code>${c.issuer.kid}</code>)</td></tr>
<tr><th>Method</th><td>${c.method}</td></tr>
<tr><th>Issued</th><td>${c.issued}</td></tr>
<tr><th>Expires</th><td>${c.expires}</td></tr>
<tr><th>Certificate id</th><td class="mono">${c.id}</td></tr>
<tr><th>Run</th><td><code>${c.report.runId}</code>, ${c.report.startedAt} to ${c.report.finishedAt}, Assay ${c.report.tool.version}</td></tr>
<tr><th>Run report digest</th><td class="mono">sha256:${c.report.digest}</td></tr>
</tbody></table>
</section>
<section class="card" id="signed">
<h2>Signed certificate (JWS)</h2>
<pre class="jws">${jws}</pre>
</section>`,
  });
}
