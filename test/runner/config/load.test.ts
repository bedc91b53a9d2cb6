import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findConfig, loadConfig, resolveTarget } from '../../../runner/config/index.js';
import { UsageError } from '../../../runner/errors.js';

const example = `# a trust's config
targets:
  sandbox:
    baseUrl: http://localhost:8080/fhir
    writable: true
  pds-int:
    baseUrl: https://int.api.service.nhs.uk/personal-demographics/FHIR/R4
    auth:
      type: signed-jwt
      tokenUrl: https://int.api.service.nhs.uk/oauth2/token
      clientId: my-api-key
      kid: test-1
      privateKey: { file: keys/private.pem }
    headers:
      X-Request-ID: fixed
      apikey: { env: PDS_API_KEY }
    scope:
      resources: [Patient]
      interactions: [read, search-type]
      apiPacks: [pds]
    tls:
      ca: certs/hscn-ca.pem
    inputs:
      patientId: "9000000009"
    run:
      rateLimit: 5
run:
  concurrency: 2
  timeouts: { request: 20 }
inputs:
  pageSize: 10
`;

describe('the configuration file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'assay-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string): string {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  }

  function problem(name: string, content: string): string {
    try {
      loadConfig(write(name, content), dir);
    } catch (error) {
      expect(error).to.be.instanceOf(UsageError);
      return (error as UsageError).line;
    }
    throw new Error('expected the config to be refused');
  }

  it('loads YAML and resolves a target with layered settings and absolute paths', () => {
    const loaded = loadConfig(write('assay.config.yaml', example), dir);
    const target = resolveTarget(loaded, { target: 'pds-int', cwd: dir });
    expect(target).to.deep.include({
      name: 'pds-int',
      baseUrl: 'https://int.api.service.nhs.uk/personal-demographics/FHIR/R4/',
      writable: false,
      suites: [],
      declaredIn: 'assay.config.yaml:6:3: targets.pds-int',
    });
    expect(target.auth).to.deep.equal({
      type: 'signed-jwt',
      tokenUrl: 'https://int.api.service.nhs.uk/oauth2/token',
      clientId: 'my-api-key',
      kid: 'test-1',
      privateKey: { file: join(dir, 'keys/private.pem') },
    });
    expect(target.headers).to.deep.equal({ 'X-Request-ID': 'fixed', apikey: { env: 'PDS_API_KEY' } });
    expect(target.tls).to.deep.equal({ ca: [join(dir, 'certs/hscn-ca.pem')] });
    expect(target.inputs).to.deep.equal({ pageSize: 10, patientId: '9000000009' });
    expect(target.settings).to.deep.include({ concurrency: 2, rateLimit: 5, retries: 2 });
    expect(target.settings.timeouts).to.deep.equal({ connectSeconds: 10, requestSeconds: 20, testSeconds: 120 });
  });

  it('loads the same config written as JSON', () => {
    const file = write('assay.config.json', JSON.stringify({ targets: { local: { baseUrl: 'http://127.0.0.1:1/fhir' } } }));
    expect(findConfig(dir, undefined)).to.equal(file);
    const target = resolveTarget(loadConfig(file, dir), { target: 'local', cwd: dir });
    expect(target).to.deep.include({ baseUrl: 'http://127.0.0.1:1/fhir/', auth: { type: 'none' } });
  });

  it('points at an unknown key and lists the keys allowed there', () => {
    expect(problem('assay.config.yaml', 'targets:\n  sandbox:\n    baseUrl: http://x.test\n    auht: { type: none }\n')).to.equal(
      'assay.config.yaml:4:5: targets.sandbox.auht is not a known key; allowed here: baseUrl, description, auth, headers, writable, scope, tls, inputs, suites, run; see "Configuration" in the README',
    );
  });

  it('names the auth types when the type is unknown', () => {
    expect(problem('assay.config.yaml', 'targets:\n  t:\n    baseUrl: http://x.test\n    auth:\n      type: oauth\n')).to.equal(
      'assay.config.yaml:5:7: targets.t.auth.type must be one of: none, bearer, client-credentials, signed-jwt, smart-backend; see "Configuration" in the README',
    );
  });

  it('refuses a secret written inline', () => {
    expect(
      problem('assay.config.yaml', 'targets:\n  t:\n    baseUrl: http://x.test\n    auth:\n      type: bearer\n      token: abc123\n'),
    ).to.equal(
      'assay.config.yaml:6:7: targets.t.auth.token must be {"env": "VARIABLE"} or {"file": "PATH"}: secrets are never written in the config itself; see "Configuration" in the README',
    );
  });

  it('says which required key is missing', () => {
    expect(problem('assay.config.json', '{"targets": {"t": {"auth": {"type": "none"}}}}')).to.equal(
      'assay.config.json:1:14: targets.t needs "baseUrl"; see "Configuration" in the README',
    );
  });

  it('names a bad value and what it must be', () => {
    expect(problem('assay.config.yaml', 'targets:\n  t:\n    baseUrl: http://x.test\nrun:\n  concurrency: many\n')).to.equal(
      'assay.config.yaml:5:3: run.concurrency must be an integer; see "Configuration" in the README',
    );
    expect(problem('assay.config.yaml', 'targets:\n  t:\n    baseUrl: ftp://x.test\n')).to.equal(
      'assay.config.yaml:3:5: targets.t.baseUrl must be the FHIR base URL, http:// or https://, without query or fragment, e.g. https://fhir.example.nhs.uk/R4; see "Configuration" in the README',
    );
  });

  it('reports a syntax error with its position', () => {
    expect(problem('assay.config.json', '{"targets": {"t": {"baseUrl": "http://x.test",}}')).to.match(
      /^assay\.config\.json:1:\d+: .+; fix the JSON syntax$/,
    );
  });

  it('says when the config file cannot be read', () => {
    try {
      loadConfig(join(dir, 'missing.yaml'), dir);
      expect.fail('expected an error');
    } catch (error) {
      expect((error as UsageError).line).to.equal('cannot read the config file missing.yaml (ENOENT); check the path given to --config');
    }
  });

  it('refuses to guess between two default config files', () => {
    write('assay.config.json', '{}');
    write('assay.config.yaml', '{}');
    expect(() => findConfig(dir, undefined)).to.throw(
      UsageError,
      'more than one config file here: assay.config.json, assay.config.yaml',
    );
  });

  describe('--target', () => {
    it('suggests the closest configured target for an unknown name', () => {
      const loaded = loadConfig(write('assay.config.yaml', example), dir);
      expect(() => resolveTarget(loaded, { target: 'sandbx', cwd: dir }))
        .to.throw(UsageError)
        .with.property('line', 'unknown target "sandbx" in assay.config.yaml; did you mean "sandbox"? Targets there: sandbox, pds-int');
    });

    it('explains a name that is not a URL when there is no config', () => {
      expect(() => resolveTarget(undefined, { target: 'sandbox', cwd: dir }))
        .to.throw(UsageError)
        .with.property(
          'line',
          '--target "sandbox" is not a URL, and there is no config file to look it up in; give the FHIR base URL (https://...), or declare the target in assay.config.json or assay.config.yaml (or --config FILE)',
        );
    });

    it('takes a URL with --token-env as a bearer target without any config', () => {
      const target = resolveTarget(undefined, { target: 'https://fhir.example.test/R4', tokenEnv: 'FHIR_TOKEN', cwd: dir });
      expect(target).to.deep.include({
        name: 'https://fhir.example.test/R4',
        baseUrl: 'https://fhir.example.test/R4/',
        auth: { type: 'bearer', token: { env: 'FHIR_TOKEN' } },
        declaredIn: 'the command line',
      });
    });
  });
});
