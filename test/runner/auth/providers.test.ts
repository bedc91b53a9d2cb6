import { expect } from 'chai';
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createAuth } from '../../../runner/auth/index.js';
import type { AuthConfig } from '../../../runner/config/index.js';
import { UnreachableError, UsageError } from '../../../runner/errors.js';
import { Redactor } from '../../../runner/transport/redact.js';
import type { Loopback } from '../../support/loopback-server.js';
import { bodyOf, startLoopback, tlsFixture } from '../../support/loopback-server.js';
import { repoRoot } from '../../support/paths.js';
import { harness } from '../transport/harness.js';

const keyFile = join(repoRoot, 'test', 'fixtures', 'tls', 'jwt-key.pem');
const publicKey = createPublicKey(tlsFixture('jwt-key.pem'));

interface TokenRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  readonly form: URLSearchParams;
}

/** A token endpoint (and SMART discovery document) that hands out numbered tokens and keeps what it got. */
async function authServer(options: { refuse?: boolean; expiresIn?: string } = {}): Promise<{ server: Loopback; requests: TokenRequest[] }> {
  const requests: TokenRequest[] = [];
  const server = await startLoopback((request, response) => {
    if (request.url === '/fhir/.well-known/smart-configuration') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ token_endpoint: '/auth/token', token_endpoint_auth_methods_supported: ['private_key_jwt'] }));
      return;
    }
    void bodyOf(request).then((body) => {
      requests.push({ path: request.url ?? '', authorization: request.headers.authorization, form: new URLSearchParams(body) });
      response.setHeader('content-type', 'application/json');
      if (options.refuse === true) {
        response.statusCode = 401;
        response.end(JSON.stringify({ error: 'invalid_client', error_description: 'Invalid kid' }));
        return;
      }
      response.end(JSON.stringify({ access_token: `issued-token-${requests.length}`, expires_in: options.expiresIn ?? '599', token_type: 'Bearer' }));
    });
  });
  return { server, requests };
}

describe('auth', () => {
  let server: Loopback | undefined;
  afterEach(() => server?.close());

  function setUp(origin: string, env: Record<string, string> = {}, now?: () => number) {
    const redactor = new Redactor();
    const { http, sink, transport } = harness(origin, { redactor });
    const deps = {
      http,
      secrets: { env, redactor },
      baseUrl: `${origin}/fhir/`,
      target: 'int',
      where: 'assay.config.yaml: targets.int',
      ...(now === undefined ? {} : { now }),
    };
    return { deps, sink, transport, redactor };
  }

  it('signs an NHS England client assertion: RS512, kid, iss = sub = API key, aud, unique jti, exp within 5 minutes', async () => {
    const auth = await authServer();
    server = auth.server;
    const tokenUrl = `${server.origin}/oauth2/token`;
    const start = Date.parse('2026-01-01T12:00:00Z');
    let clock = start;
    const { deps, transport, sink } = setUp(server.origin, {}, () => clock);
    const provider = createAuth(
      { type: 'signed-jwt', tokenUrl, clientId: 'api-key-123', kid: 'test-1', privateKey: { file: keyFile } },
      deps,
    );
    expect(await provider.headers()).to.deep.equal({ authorization: 'Bearer issued-token-1' });
    expect(await provider.headers()).to.deep.equal({ authorization: 'Bearer issued-token-1' });
    clock += 600 * 1000;
    expect(await provider.headers()).to.deep.equal({ authorization: 'Bearer issued-token-2' });
    await transport.close();

    expect(auth.requests).to.have.length(2);
    const jtis = new Set<string>();
    for (const [i, request] of auth.requests.entries()) {
      const issuedAt = start + i * 600 * 1000;
      expect(request.form.get('grant_type')).to.equal('client_credentials');
      expect(request.form.get('client_assertion_type')).to.equal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      const assertion = request.form.get('client_assertion') ?? '';
      expect(decodeProtectedHeader(assertion)).to.deep.equal({ alg: 'RS512', kid: 'test-1', typ: 'JWT' });
      const { payload } = await jwtVerify(assertion, publicKey, { currentDate: new Date(issuedAt) });
      expect(payload).to.include({ iss: 'api-key-123', sub: 'api-key-123', aud: tokenUrl });
      expect((payload.exp ?? 0) * 1000 - issuedAt).to.be.greaterThan(0).and.at.most(300 * 1000);
      jtis.add(String(payload.jti));
    }
    expect(jtis.size).to.equal(2);
    const evidence = JSON.stringify(sink.exchanges);
    expect(evidence).not.to.contain('issued-token-1');
    expect(evidence).not.to.contain(auth.requests[0]?.form.get('client_assertion'));
    expect(evidence).to.contain('client_assertion=[REDACTED]');
  });

  it('sends client credentials with HTTP Basic by default, or in the form', async () => {
    const auth = await authServer();
    server = auth.server;
    const { deps, transport } = setUp(server.origin, { CLIENT_SECRET: 'sec:ret/1' });
    const config = { type: 'client-credentials', tokenUrl: `${server.origin}/token`, clientId: 'my app', clientSecret: { env: 'CLIENT_SECRET' }, scope: 'system/*.read' } as const;
    await createAuth(config, deps).headers();
    await createAuth({ ...config, method: 'client_secret_post' }, deps).headers();
    await transport.close();
    expect(auth.requests[0]?.authorization).to.equal(`Basic ${Buffer.from('my+app:sec%3Aret%2F1').toString('base64')}`);
    expect(Object.fromEntries(auth.requests[0]?.form ?? [])).to.deep.equal({ grant_type: 'client_credentials', scope: 'system/*.read' });
    expect(auth.requests[1]?.authorization).to.equal(undefined);
    expect(Object.fromEntries(auth.requests[1]?.form ?? [])).to.deep.equal({
      grant_type: 'client_credentials',
      scope: 'system/*.read',
      client_id: 'my app',
      client_secret: 'sec:ret/1',
    });
  });

  it('discovers the SMART Backend Services token endpoint and signs RS384', async () => {
    const auth = await authServer();
    server = auth.server;
    const { deps, transport, sink } = setUp(server.origin);
    const provider = createAuth(
      { type: 'smart-backend', clientId: 'backend-1', kid: 'k1', privateKey: { file: keyFile }, scope: 'system/Patient.rs' },
      deps,
    );
    expect(await provider.headers()).to.deep.equal({ authorization: 'Bearer issued-token-1' });
    await transport.close();
    expect(auth.requests[0]?.path).to.equal('/auth/token');
    expect(auth.requests[0]?.form.get('scope')).to.equal('system/Patient.rs');
    const assertion = auth.requests[0]?.form.get('client_assertion') ?? '';
    expect(decodeProtectedHeader(assertion).alg).to.equal('RS384');
    const { payload } = await jwtVerify(assertion, publicKey);
    expect(payload.aud).to.equal(`${server.origin}/auth/token`);
    expect(sink.exchanges.map((exchange) => exchange.request.url)).to.deep.equal([
      `${server.origin}/fhir/.well-known/smart-configuration`,
      `${server.origin}/auth/token`,
    ]);
  });

  it('names the endpoint and the OAuth error when the credentials are refused (exit 2)', async () => {
    const auth = await authServer({ refuse: true });
    server = auth.server;
    const { deps, transport } = setUp(server.origin);
    const tokenUrl = `${server.origin}/oauth2/token`;
    const provider = createAuth({ type: 'signed-jwt', tokenUrl, clientId: 'k', kid: 'bad', privateKey: { file: keyFile } }, deps);
    const error = await provider.headers().catch((reason: unknown) => reason);
    await transport.close();
    expect(error).to.be.instanceOf(UsageError);
    expect((error as UsageError).line).to.equal(
      `the token endpoint ${tokenUrl} refused the credentials for target int: 401 invalid_client: Invalid kid; check the client id, key id (kid) and the key or secret registered for the application`,
    );
  });

  it('says when the token endpoint cannot be reached (exit 3)', async () => {
    const auth = await authServer();
    const origin = auth.server.origin;
    await auth.server.close();
    const { deps, transport } = setUp(origin);
    const provider = createAuth(
      { type: 'client-credentials', tokenUrl: `${origin}/token`, clientId: 'a', clientSecret: { env: 'S' } },
      { ...deps, secrets: { ...deps.secrets, env: { S: 'secret-value' } } },
    );
    const error = await provider.headers().catch((reason: unknown) => reason);
    await transport.close();
    expect(error).to.be.instanceOf(UnreachableError);
    expect((error as UnreachableError).message).to.match(/^cannot reach the token endpoint for target int: POST .+ \(ECONNREFUSED\)$/);
  });

  describe('secrets', () => {
    const origin = 'http://127.0.0.1:9';

    it('refuses an unreadable key file with one message naming the setting', () => {
      const { deps } = setUp(origin);
      const missing = join(repoRoot, 'test', 'fixtures', 'tls', 'missing.pem');
      const config: AuthConfig = { type: 'signed-jwt', tokenUrl: `${origin}/t`, clientId: 'a', kid: 'k', privateKey: { file: missing } };
      expect(() => createAuth(config, deps))
        .to.throw(UsageError)
        .with.property(
          'line',
          `assay.config.yaml: targets.int.auth.privateKey: cannot read ${missing} (ENOENT); check the path (relative paths are relative to the config file) and its permissions`,
        );
    });

    it('refuses a file that is not a private key', () => {
      const { deps } = setUp(origin);
      const config: AuthConfig = {
        type: 'signed-jwt',
        tokenUrl: `${origin}/t`,
        clientId: 'a',
        kid: 'k',
        privateKey: { file: join(repoRoot, 'test', 'fixtures', 'tls', 'ca.pem') },
      };
      expect(() => createAuth(config, deps))
        .to.throw(UsageError)
        .with.property('message')
        .that.matches(/^assay\.config\.yaml: targets\.int\.auth\.privateKey: not a readable PEM private key/);
    });

    it('names an environment variable that is not set', () => {
      const { deps } = setUp(origin);
      expect(() => createAuth({ type: 'bearer', token: { env: 'NOT_SET_ANYWHERE' } }, deps))
        .to.throw(UsageError)
        .with.property(
          'line',
          'assay.config.yaml: targets.int.auth.token: the environment variable NOT_SET_ANYWHERE is not set; export NOT_SET_ANYWHERE, or point the setting at a file with {"file": "PATH"}',
        );
    });

    it('registers every secret it reads for redaction', () => {
      const { deps, redactor } = setUp(origin, { TOKEN: 'static-token-value' });
      createAuth({ type: 'bearer', token: { env: 'TOKEN' } }, deps);
      createAuth({ type: 'signed-jwt', tokenUrl: `${origin}/t`, clientId: 'a', kid: 'k', privateKey: { file: keyFile } }, deps);
      expect(redactor.text('x static-token-value y')).to.equal('x [REDACTED] y');
      const keyLine = tlsFixture('jwt-key.pem').split('\n')[5] ?? '';
      expect(redactor.text(`leak ${keyLine}`)).to.equal('leak [REDACTED]');
    });
  });
});
