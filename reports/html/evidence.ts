import type { EvidenceRef, Exchange } from '../model.js';
import type { Html } from './escape.js';
import { html } from './escape.js';

/** One recorded exchange, collapsed to its request line and status; opens to headers and bodies. */
export function exchangeHtml(exchange: Exchange): Html {
  const { request, response } = exchange;
  const status = response === undefined ? `no response: ${exchange.error ?? 'unknown error'}` : String(response.status);
  const attempt = exchange.attempt > 1 ? ` (attempt ${exchange.attempt})` : '';
  return html`<details class="exchange">
<summary><span class="mono">${request.method} ${request.url}</span> &rarr; ${status} (${exchange.timings.totalMs} ms)${attempt}</summary>
<h5>Request</h5>
<pre class="headers">${headerLines(request.headers)}</pre>
${request.body === undefined ? '' : html`<pre class="body">${pretty(request.body)}</pre>${request.bodyTruncated === true ? html`<p class="muted">Body cut at the size cap.</p>` : ''}`}
${response === undefined ? html`<p>No complete response: ${exchange.error ?? 'unknown error'}</p>` : html`<h5>Response ${response.status}</h5>
<pre class="headers">${headerLines(response.headers)}</pre>
${response.body === undefined ? '' : html`<pre class="body">${pretty(response.body)}</pre>`}
${response.bodyTruncated === true ? html`<p class="muted">Body cut at the size cap; ${response.bodyBytes} bytes received.</p>` : ''}`}
<p class="muted">Started ${exchange.timings.startedAt}; ${exchange.timings.totalMs} ms${exchange.timings.firstByteMs === undefined ? '' : `, first byte after ${exchange.timings.firstByteMs} ms`}${exchange.tls === undefined ? '' : `; ${exchange.tls.protocol} ${exchange.tls.cipher}`}. Evidence id <span class="mono">${exchange.id}</span>.</p>
</details>`;
}

/** An evidence reference whose exchange was not given to the reporter (it is in the evidence file). */
export function missingExchangeHtml(ref: EvidenceRef): Html {
  return html`<p class="muted">Exchange <span class="mono">${ref.id}</span> (sha256 ${ref.sha256}) is in the evidence file.</p>`;
}

function headerLines(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

/** JSON bodies indented for reading; anything else exactly as received. */
function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
