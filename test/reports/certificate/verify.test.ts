import { expect } from 'chai';
import { fixedClock } from '../../../reports/clock.js';
import type { CertificateSubject } from '../../../reports/certificate/certificate.js';
import { issueCertificate } from '../../../reports/certificate/issue.js';
import type { Jwks } from '../../../reports/certificate/jwks.js';
import type { GeneratedKeyPair } from '../../../reports/certificate/signing-key.js';
import { generateSigningKey, signerFromJwk } from '../../../reports/certificate/signing-key.js';
import { verifyCertificate } from '../../../reports/certificate/verify.js';
import { reportDigest } from '../../../reports/digest.js';
import { baseUrl, runReportFixture } from '../../support/run-report-fixture.js';

const subject: CertificateSubject = { organisation: 'Acme Health', product: 'Acme EPR', version: '4.2', endpoint: baseUrl };
const issuedAt = '2025-03-02T09:00:00.000Z';
const clock = fixedClock(issuedAt);
const later = fixedClock('2025-06-01T00:00:00.000Z');

describe('certificates: issue and verify', () => {
  let issuer: GeneratedKeyPair;
  let jwks: Jwks;
  let jws: string;
  const { report } = runReportFixture({ outcomes: { 'fhir-r4-rest/read/etag': 'fail' } });

  before(async () => {
    issuer = await generateSigningKey('EdDSA', 'issuer-2025');
    jwks = { keys: [issuer.publicJwk] };
    jws = (await issueCertificate(report, await signerFromJwk(issuer.privateJwk, 'issuer'), subject, clock)).jws;
  });

  it('verifies what it issued, with the report it was issued for', async () => {
    const result = await verifyCertificate(jws, jwks, { clock: later, report });
    expect(result.valid).to.equal(true);
    if (!result.valid) return;
    expect(result.certificate.subject).to.deep.equal(subject);
    expect(result.certificate.report.digest).to.equal(reportDigest(report));
    expect(result.certificate.issuer).to.deep.equal({ name: 'Acme Health', kid: 'issuer-2025' });
    expect(result.certificate).to.deep.include({ issued: issuedAt, expires: '2026-03-02T09:00:00.000Z', method: 'self-assessed' });
    expect(result.certificate.results).to.deep.equal(report.summary);
    expect(result.certificate.scope.requirements).to.deep.include({ id: 'R4-ETAG-01', suite: 'fhir-r4-rest', level: 'SHOULD', outcome: 'fail' });
    expect(result.verificationCode).to.match(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('carries the key id in the JWS header and no private key material anywhere', () => {
    const [header, payload] = jws.split('.').map((part) => Buffer.from(part, 'base64url').toString('utf8'));
    expect(JSON.parse(header ?? '')).to.deep.equal({ alg: 'EdDSA', kid: 'issuer-2025', typ: 'assay-certificate+jws' });
    expect(payload).not.to.contain(String(issuer.privateJwk.d));
    expect(payload).not.to.match(/"d":/);
  });

  it('issues byte-identical certificates for the same report, key and instant', async () => {
    const again = await issueCertificate(report, await signerFromJwk(issuer.privateJwk, 'issuer'), subject, clock);
    expect(again.jws).to.equal(jws);
  });

  for (const [part, index] of [['header', 0], ['payload', 1], ['signature', 2]] as const) {
    it(`rejects one changed byte in the ${part}`, async () => {
      const parts = jws.split('.');
      const target = parts[index] ?? '';
      const position = Math.floor(target.length / 2);
      parts[index] = target.slice(0, position) + (target[position] === 'A' ? 'B' : 'A') + target.slice(position + 1);
      const result = await verifyCertificate(parts.join('.'), jwks, { clock: later });
      expect(result.valid).to.equal(false);
      if (result.valid) return;
      expect(result.reason).to.be.oneOf(part === 'header' ? ['malformed', 'signature', 'unknown-kid'] : ['signature']);
      if (part !== 'header') {
        expect(result.message).to.equal(
          'the signature does not match key "issuer-2025": the certificate was altered, or signed by a different key',
        );
      }
    });
  }

  it('rejects a certificate signed by a different key under the same key id', async () => {
    const impostor = await generateSigningKey('EdDSA', 'issuer-2025');
    const forged = await issueCertificate(report, await signerFromJwk(impostor.privateJwk, 'impostor'), subject, clock);
    const result = await verifyCertificate(forged.jws, jwks, { clock: later });
    expect(result).to.deep.include({ valid: false, reason: 'signature' });
  });

  it('rejects a key id the JWKS does not hold, naming both', async () => {
    const other = await generateSigningKey('EdDSA', 'someone-else');
    const foreign = await issueCertificate(report, await signerFromJwk(other.privateJwk, 'other'), subject, clock);
    const result = await verifyCertificate(foreign.jws, jwks, { clock: later });
    expect(result).to.deep.include({
      valid: false,
      reason: 'unknown-kid',
      message: 'it was signed with key id "someone-else", which is not in the JWKS (keys there: issuer-2025)',
    });
  });

  it('rejects an expired certificate, without waiting for it to expire', async () => {
    const result = await verifyCertificate(jws, jwks, { clock: fixedClock('2026-03-05T09:00:00.000Z') });
    expect(result).to.deep.include({ valid: false, reason: 'expired', message: 'it expired on 2026-03-02T09:00:00.000Z (3 days ago)' });
  });

  it('rejects a certificate dated in the future beyond clock skew', async () => {
    const result = await verifyCertificate(jws, jwks, { clock: fixedClock('2025-03-02T08:50:00.000Z') });
    expect(result).to.deep.include({ valid: false, reason: 'not-yet-valid', message: `it is not valid before ${issuedAt}` });
  });

  it('rejects a report that does not match the digest', async () => {
    const { report: other } = runReportFixture({ outcomes: { 'fhir-r4-rest/read/etag': 'pass' } });
    const result = await verifyCertificate(jws, jwks, { clock: later, report: other });
    expect(result).to.deep.include({
      valid: false,
      reason: 'report-mismatch',
      message: `the run report does not match: its digest is sha256:${reportDigest(other)}, the certificate was issued for sha256:${reportDigest(report)}`,
    });
  });

  it('rejects what is not a compact JWS', async () => {
    const result = await verifyCertificate('hello world', jwks, { clock: later });
    expect(result).to.deep.include({ valid: false, reason: 'malformed' });
  });

  it('signs and verifies with ES256 as well', async () => {
    const es = await generateSigningKey('ES256');
    const issued = await issueCertificate(report, await signerFromJwk(es.privateJwk, 'es'), subject, clock);
    expect(JSON.parse(Buffer.from(issued.jws.split('.')[0] ?? '', 'base64url').toString())).to.include({ alg: 'ES256', kid: es.publicJwk.kid });
    const result = await verifyCertificate(issued.jws, { keys: [es.publicJwk, issuer.publicJwk] }, { clock: later, report });
    expect(result.valid).to.equal(true);
  });

  it('refuses to certify an incomplete run', async () => {
    const { report: partial } = runReportFixture({ complete: false });
    const error = await issueCertificate(partial, await signerFromJwk(issuer.privateJwk, 'issuer'), subject, clock).catch((e: unknown) => e);
    expect(error).to.have.property('message', 'run run-2025-03-01-0001 is incomplete (it was interrupted), so it cannot be certified');
  });
});
