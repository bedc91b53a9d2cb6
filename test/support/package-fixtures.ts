import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { sharedPackageCache } from './paths.js';

/** A temporary folder, removed by the returned function. */
export async function scratch(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `assay-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A package tarball made from a package in ../shared, as a registry would serve it. */
export async function tarballOf(ref: string, into: string): Promise<string> {
  const file = join(into, `${ref.replace('#', '-')}.tgz`);
  await create({ gzip: true, file, cwd: join(sharedPackageCache, ref), portable: true }, ['package']);
  return file;
}

/** A writable package cache holding R4 core (linked from ../shared, read-only) and nothing else. */
export async function cacheWithR4Core(dir: string): Promise<string> {
  const cache = join(dir, 'cache');
  await mkdir(cache, { recursive: true });
  await symlink(join(sharedPackageCache, 'hl7.fhir.r4.core#4.0.1'), join(cache, 'hl7.fhir.r4.core#4.0.1'));
  return cache;
}

/** Writes a small package folder (package/package.json plus resources) depending on R4 core. */
export async function writePackage(
  dir: string,
  manifest: Record<string, unknown>,
  resources: Readonly<Record<string, unknown>>,
): Promise<string> {
  await mkdir(join(dir, 'package'), { recursive: true });
  await writeFile(join(dir, 'package', 'package.json'), JSON.stringify({ dependencies: { 'hl7.fhir.r4.core': '4.0.1' }, ...manifest }));
  for (const [name, content] of Object.entries(resources)) {
    await writeFile(join(dir, 'package', name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

export interface Registry {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * A FHIR package registry on loopback speaking the npm-style protocol: `GET /<id>` lists versions,
 * `GET /<id>/<version>` returns the tarball; anything else is 404.
 */
export async function loopbackRegistry(tarballs: Readonly<Record<string, Buffer>>, latest: Readonly<Record<string, string>> = {}): Promise<Registry> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(request.url ?? '/');
    requests.push(path);
    const [, id = '', version] = path.split('/');
    const versions = Object.keys(tarballs).filter((ref) => ref.startsWith(`${id}#`)).map((ref) => ref.slice(id.length + 1));
    if (version === undefined && versions.length > 0) {
      const listing = { name: id, 'dist-tags': latest[id] === undefined ? {} : { latest: latest[id] }, versions: Object.fromEntries(versions.map((v) => [v, { name: id, version: v }])) };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(listing));
      return;
    }
    const tarball = tarballs[`${id}#${version ?? ''}`];
    if (tarball === undefined) response.writeHead(404).end('not found');
    else response.writeHead(200, { 'content-type': 'application/tar+gzip', 'content-length': tarball.length }).end(tarball);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback URL nothing listens on: a port that was bound and released. */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
