import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Sandbox } from '../../../sandbox/index.js';
import { fhir, nhsCode, startTestSandbox } from '../../support/sandbox.js';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

const apiPlatform = 'https://fhir.nhs.uk/CodeSystem/NHSD-API-ErrorOrWarningCode';
const richard = '/Patient/UKCore-Patient-RichardSmith-Example';

describe('sandbox: auth (client credentials and signed-JWT client assertions)', () => {
  let sandbox: Sandbox & { internalErrors: unknown[] };
  let privateKey: Key;
  let otherKey: Key;
  const clock = { now: new Date('2025-06-01T10:00:00Z') };

  before(async () => {
    const pair = await generateKeyPair('RS512');
    privateKey = pair.privateKey;
    ({ privateKey: otherKey } = await generateKeyPair('RS512'));
    const { publicKey: unusedKey } = await generateKeyPair('RS512');
    const jwk = await exportJWK(pair.publicKey);
    sandbox = await startTestSandbox({
      clock: () => clock.now,
      auth: {
        tokenLifetimeSeconds: 600,
        clients: [
          { clientId: 'secret-client', clientSecret: 's3cret-value' },
          { clientId: 'jwt-client', jwks: { keys: [{ ...jwk, kid: 'key-1', alg: 'RS512', use: 'sig' }, { ...(await exportJWK(unusedKey)), kid: 'unused' }] } },
        ],
      },
    });
  });
  after(() => sandbox.close());
  afterEach(() => expect(sandbox.internalErrors).to.deep.equal([]));

  const tokenRequest = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(sandbox.tokenUrl ?? '', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  const assertion = (claims: { exp?: number; jti?: string; aud?: string; iss?: string } = {}, key: Key = privateKey, kid: string | null = 'key-1') => {
    const now = Math.floor(clock.now.getTime() / 1000);
    return new SignJWT({ jti: claims.jti ?? randomUUID() })
      .setProtectedHeader({ alg: 'RS512', ...(kid === null ? {} : { kid }) })
      .setIssuer(claims.iss ?? 'jwt-client')
      .setSubject(claims.iss ?? 'jwt-client')
      .setAudience(claims.aud ?? sandbox.tokenUrl ?? '')
      .setExpirationTime(claims.exp ?? now + 300)
      .sign(key);
  };
  const jwtForm = (jwt: string) => ({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: jwt,
  });

  it('refuses FHIR requests without a token: 401, WWW-Authenticate and ACCESS_DENIED', async () => {
    const answer = await fhir(sandbox, 'GET', richard);
    expect(answer.status).to.equal(401);
    expect(answer.headers.get('www-authenticate')).to.equal('Bearer');
    // ACCESS_DENIED rather than the platform's ACCESS_TOKEN_MISSING, which its CodeSystem pairs with 400.
    expect(nhsCode(answer.json)).to.equal('https://fhir.nhs.uk/CodeSystem/England-SpineErrorOrWarningCode|ACCESS_DENIED');
  });

  it('refuses a token it did not issue (ACCESS_TOKEN_INVALID) and a malformed header', async () => {
    const unknown = await fhir(sandbox, 'GET', richard, { headers: { authorization: 'Bearer made-up' } });
    expect(unknown.status).to.equal(401);
    expect(unknown.headers.get('www-authenticate')).to.equal('Bearer error="invalid_token"');
    expect(nhsCode(unknown.json)).to.equal(`${apiPlatform}|ACCESS_TOKEN_INVALID`);
    expect((await fhir(sandbox, 'GET', richard, { headers: { authorization: 'Basic abc' } })).status).to.equal(401);
  });

  it('keeps /metadata and .well-known/smart-configuration open, and names the token endpoint in both', async () => {
    const metadata = await fetch(`${sandbox.baseUrl}/metadata`);
    expect(metadata.status).to.equal(200);
    const statement = (await metadata.json()) as { rest: { security: { description: string } }[] };
    expect(statement.rest[0]?.security.description).to.contain(`OAuth 2.0 client credentials from ${sandbox.tokenUrl ?? ''}: `);
    const smart = (await (await fetch(`${sandbox.baseUrl}/.well-known/smart-configuration`)).json()) as { token_endpoint: string };
    expect(smart.token_endpoint).to.equal(sandbox.tokenUrl);
  });

  describe('client credentials with a secret', () => {
    it('issues a bearer token for the right secret (form or Basic) that then opens FHIR requests', async () => {
      for (const response of [
        await tokenRequest({ grant_type: 'client_credentials', client_id: 'secret-client', client_secret: 's3cret-value' }),
        await tokenRequest({ grant_type: 'client_credentials' }, { authorization: `Basic ${Buffer.from('secret-client:s3cret-value').toString('base64')}` }),
      ]) {
        expect(response.status).to.equal(200);
        expect(response.headers.get('cache-control')).to.equal('no-store');
        const token = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
        expect(token).to.include({ token_type: 'Bearer', expires_in: 600 });
        expect((await fhir(sandbox, 'GET', richard, { headers: { authorization: `Bearer ${token.access_token}` } })).status).to.equal(200);
      }
    });

    it('refuses a wrong secret with 401 invalid_client and an unknown grant with unsupported_grant_type', async () => {
      const wrong = await tokenRequest({ grant_type: 'client_credentials', client_id: 'secret-client', client_secret: 'guess' });
      expect(wrong.status).to.equal(401);
      expect(await wrong.json()).to.deep.equal({ error: 'invalid_client', error_description: 'unknown client or wrong secret' });
      const grant = await tokenRequest({ grant_type: 'password', username: 'a', password: 'b' });
      expect(grant.status).to.equal(400);
      expect(await grant.json()).to.include({ error: 'unsupported_grant_type' });
    });

    it('lets a token expire: 401 ACCESS_TOKEN_EXPIRED after its lifetime', async () => {
      const token = ((await (await tokenRequest({ grant_type: 'client_credentials', client_id: 'secret-client', client_secret: 's3cret-value' })).json()) as { access_token: string }).access_token;
      clock.now = new Date(clock.now.getTime() + 601_000);
      const answer = await fhir(sandbox, 'GET', richard, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).to.equal(401);
      expect(nhsCode(answer.json)).to.equal(`${apiPlatform}|ACCESS_TOKEN_EXPIRED`);
    });
  });

  describe('signed JWT client assertion (RS512, NHS England API platform rules)', () => {
    it('issues a token for a valid assertion', async () => {
      const response = await tokenRequest(jwtForm(await assertion()));
      expect(response.status).to.equal(200);
      const { access_token } = (await response.json()) as { access_token: string };
      expect((await fhir(sandbox, 'GET', richard, { headers: { authorization: `Bearer ${access_token}` } })).status).to.equal(200);
    });

    it('refuses a jti used twice', async () => {
      const jti = randomUUID();
      expect((await tokenRequest(jwtForm(await assertion({ jti })))).status).to.equal(200);
      const replay = await tokenRequest(jwtForm(await assertion({ jti })));
      expect(replay.status).to.equal(401);
      expect(await replay.json()).to.deep.equal({ error: 'invalid_client', error_description: "the assertion's jti has been used before" });
    });

    it('refuses exp more than 5 minutes ahead, a wrong audience, an unknown key, no kid, an expired assertion', async () => {
      const now = Math.floor(clock.now.getTime() / 1000);
      const refusals: [string, Promise<string>][] = [
        ["the assertion's exp is more than 5 minutes ahead", assertion({ exp: now + 600 })],
        ['the client assertion was refused: unexpected "aud" claim value', assertion({ aud: 'https://elsewhere.example/token' })],
        ['the client assertion was refused: signature verification failed', assertion({}, otherKey)],
        ["the assertion's header has no kid", assertion({}, privateKey, null)],
        ['the client assertion was refused: "exp" claim timestamp check failed', assertion({ exp: now - 10 })],
        ["the assertion's iss is not a client with a registered public key set", assertion({ iss: 'secret-client' })],
      ];
      for (const [description, jwt] of refusals) {
        const response = await tokenRequest(jwtForm(await jwt));
        expect(response.status, description).to.be.oneOf([400, 401]);
        expect(((await response.json()) as { error_description: string }).error_description).to.equal(description);
      }
    });
  });
});
