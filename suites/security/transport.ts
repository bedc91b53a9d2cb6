import { checkServerIdentity } from 'node:tls';
import { defineGroup } from '../../runner/dsl/index.js';
import { requestHeaders, tally } from '../common/index.js';
import type { Ctx, inputs, outputs } from './spec.js';
import { probeTls } from './tls-probe.js';
import type { ProbeResult } from './tls-probe.js';

/** Transport security of an HTTPS target: protocol versions, the certificate, HSTS. */

const probeTimeoutMs = 10_000;

function httpsTarget(ctx: Ctx): URL {
  const url = new URL(ctx.target.baseUrl);
  if (url.protocol !== 'https:') ctx.omit('the target is plain HTTP: transport security checks apply to HTTPS targets');
  return url;
}

/** The certificate the server presents, from a modern handshake; the test errors when none completes. */
async function serverCertificate(ctx: Ctx, url: URL) {
  const result = await probeTls(url, { timeoutMs: probeTimeoutMs, signal: ctx.signal });
  if (result.kind !== 'accepted') ctx.expect.fail(`a TLS 1.2+ handshake with ${url.host} did not complete (${describe(result)})`);
  return result.certificate;
}

function describe(result: ProbeResult): string {
  return result.kind === 'accepted' ? `accepted ${result.protocol} with ${result.cipher}` : `${result.kind}: ${result.code}`;
}

const dayMs = 24 * 60 * 60 * 1000;

export const transport = defineGroup<typeof inputs, typeof outputs>({
  id: 'transport',
  title: 'Transport security (HTTPS targets)',
  tests: [
    {
      id: 'tls-version',
      title: 'TLS 1.2 or newer is negotiated; TLS 1.0 and 1.1 are refused',
      verifies: ['SEC-TLS-01'],
      run: async (ctx) => {
        const url = httpsTarget(ctx);
        const checks = tally(ctx);
        const modern = await probeTls(url, { timeoutMs: probeTimeoutMs, signal: ctx.signal });
        ctx.note(`default handshake: ${describe(modern)}`);
        if (modern.kind === 'unreachable') ctx.expect.fail(`${url.host} could not be reached for a TLS handshake (${modern.code})`);
        checks.check(modern.kind === 'accepted' && ['TLSv1.2', 'TLSv1.3'].includes(modern.protocol), `the default handshake gave ${describe(modern)}, expected TLS 1.2 or 1.3`);
        for (const version of ['TLSv1', 'TLSv1.1'] as const) {
          const legacy = await probeTls(url, { minVersion: version, maxVersion: version, timeoutMs: probeTimeoutMs, signal: ctx.signal });
          ctx.note(`handshake offering only ${version}: ${describe(legacy)}`);
          if (legacy.kind === 'unsupported-here' || legacy.kind === 'unreachable') {
            const reason = `this client could not offer ${version} (${legacy.code}), so whether the server refuses it is unknown`;
            if (!checks.failed) ctx.skip(reason);
            ctx.note(reason);
            continue;
          }
          checks.check(legacy.kind === 'refused', `the server accepted a handshake offering only ${version}`);
        }
      },
    },
    {
      id: 'certificate',
      title: 'The certificate is trusted, names the host and is in its validity period',
      verifies: ['SEC-CERT-01'],
      run: async (ctx) => {
        const url = httpsTarget(ctx);
        // The run's transport verifies the chain against the public roots and any configured CA:
        // a response over it means the chain was trusted.
        const response = await ctx.http.get('metadata', { headers: requestHeaders() });
        ctx.note(`the run's transport accepted the certificate chain (GET metadata returned ${response.status})`);
        const certificate = await serverCertificate(ctx, url);
        const now = Date.now();
        ctx.check(Date.parse(certificate.valid_from) <= now, `the certificate is not valid before ${certificate.valid_from}`);
        ctx.check(Date.parse(certificate.valid_to) > now, `the certificate expired on ${certificate.valid_to}`);
        const identity = checkServerIdentity(url.hostname.replace(/^\[|\]$/g, ''), certificate);
        ctx.check(identity === undefined, `the certificate does not name ${url.hostname}: ${identity?.message ?? ''}`);
      },
    },
    {
      id: 'certificate-expiry',
      title: 'The certificate is not close to expiry',
      verifies: ['SEC-CERT-02'],
      run: async (ctx) => {
        const url = httpsTarget(ctx);
        const certificate = await serverCertificate(ctx, url);
        const daysLeft = Math.floor((Date.parse(certificate.valid_to) - Date.now()) / dayMs);
        ctx.note(`the certificate is valid until ${certificate.valid_to} (${daysLeft} days left)`);
        ctx.expect.that(
          daysLeft >= ctx.inputs.certificateExpiryDays,
          `the certificate expires on ${certificate.valid_to}, ${daysLeft} days from now (fewer than ${ctx.inputs.certificateExpiryDays})`,
        );
      },
    },
    {
      id: 'hsts',
      title: 'Strict-Transport-Security is sent with max-age of a year or more',
      verifies: ['SEC-HSTS-01'],
      run: async (ctx) => {
        httpsTarget(ctx);
        const response = await ctx.http.get('metadata', { headers: requestHeaders() });
        const hsts = ctx.expect.header(response, 'strict-transport-security');
        const maxAge = Number(/(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(hsts)?.[1] ?? Number.NaN);
        ctx.expect.that(maxAge >= 31_536_000, `Strict-Transport-Security "${hsts}" has a max-age under one year (31536000)`);
      },
    },
  ],
});
