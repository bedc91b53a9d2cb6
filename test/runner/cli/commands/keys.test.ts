import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAssay } from '../../../support/assay-binary.js';

describe('assay keys', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'assay-keys-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes a private JWK only its owner can read and a public JWKS, printing no key material', async () => {
    const result = await runAssay(['keys', 'generate', '--out', 'k', '--kid', 'acme-2025'], { cwd: dir });
    expect(result).to.deep.include({ code: 0, stderr: '' });
    const privateJwk = JSON.parse(await readFile(join(dir, 'k', 'issuer.private.jwk'), 'utf8')) as Record<string, string>;
    const jwks = JSON.parse(await readFile(join(dir, 'k', 'issuer.jwks.json'), 'utf8')) as { keys: Record<string, string>[] };
    expect(privateJwk).to.include({ kty: 'OKP', crv: 'Ed25519', kid: 'acme-2025', alg: 'EdDSA' });
    expect((await stat(join(dir, 'k', 'issuer.private.jwk'))).mode & 0o777).to.equal(0o600);
    expect(jwks.keys).to.have.length(1);
    expect(jwks.keys[0]).to.include({ kid: 'acme-2025', x: privateJwk.x }).and.not.have.property('d');
    expect(result.stdout).to.equal(
      'key id acme-2025 (Ed25519)\n' +
        `  private key: ${join(dir, 'k', 'issuer.private.jwk')} (keep it secret; readable by you only)\n` +
        `  public keys: ${join(dir, 'k', 'issuer.jwks.json')} (publish it; verifiers pass it to --jwks)\n`,
    );
    expect(result.stdout).not.to.contain(String(privateJwk.d));
  });

  it('never overwrites an existing key', async () => {
    await runAssay(['keys', 'generate', '--out', 'k', '--alg', 'ES256'], { cwd: dir });
    const before = await readFile(join(dir, 'k', 'issuer.private.jwk'), 'utf8');
    const result = await runAssay(['keys', 'generate', '--out', 'k'], { cwd: dir });
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      `assay: ${join(dir, 'k', 'issuer.private.jwk')} already exists; a signing key is never overwritten; choose another --out DIR\n`,
    );
    expect(await readFile(join(dir, 'k', 'issuer.private.jwk'), 'utf8')).to.equal(before);
  });

  it('asks for the action when none is given', async () => {
    const result = await runAssay(['keys'], { cwd: dir });
    expect(result).to.deep.include({ code: 2, stderr: 'assay: "assay keys" takes one action, "generate" (got none); run "assay keys generate --out keys"\n' });
  });
});
