import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../../runner/errors.js';
import type { PackageRef } from '../types.js';
import { formatPackageRef } from './package-ref.js';

export const defaultRegistry = 'https://packages.fhir.org';

/** A FHIR package registry (packages.fhir.org, Simplifier, a local mirror): the one seam for package downloads. */
export interface PackageRegistry {
  readonly url: string;
  /** The versions the registry lists for a package, and the one it tags latest. */
  versions(id: string): Promise<{ versions: string[]; latest: string | undefined }>;
  /** Downloads `id#version`'s tarball into `file`. */
  download(ref: PackageRef, file: string): Promise<void>;
}

/** Thrown when the registry cannot be reached at all; the resolver turns it into a message naming the cache too. */
export class RegistryUnreachable extends Error {}

/** The largest tarball Assay downloads: far more than any FHIR package, and a bound on a hostile registry. */
const maxTarballBytes = 512 * 2 ** 20;
/** The largest version listing Assay reads (hl7.fhir.r4.core's is a few kB). */
const maxListingBytes = 16 * 2 ** 20;

/**
 * The npm-style registry protocol FHIR registries speak: `GET <registry>/<id>` lists versions and dist-tags,
 * `GET <registry>/<id>/<version>` returns the tarball.
 */
export function httpRegistry(url: string, timeoutMs = 60_000): PackageRegistry {
  const base = url.replace(/\/+$/, '');
  const get = async (path: string, what: string): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${base}/${path}`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json, application/gzip, */*' } });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new RegistryUnreachable(cause?.code ?? cause?.message ?? (error as Error).message);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      throw new UsageError(`the FHIR package registry ${base} has no ${what}`, { fix: 'check the package id and version (and --registry)' });
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RegistryUnreachable(`HTTP ${response.status} for ${what}`);
    }
    return response;
  };
  return {
    url: base,
    async versions(id) {
      const response = await get(encodeURIComponent(id), `package ${id}`);
      const listing = parseListing(await readCapped(response, maxListingBytes));
      const versions = typeof listing.versions === 'object' && listing.versions !== null ? Object.keys(listing.versions) : [];
      const latest = listing['dist-tags']?.latest;
      return { versions, latest: typeof latest === 'string' ? latest : undefined };
    },
    async download(ref, file) {
      const response = await get(`${encodeURIComponent(ref.id)}/${encodeURIComponent(ref.version)}`, `package ${formatPackageRef(ref)}`);
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxTarballBytes || response.body === null) {
        await response.body?.cancel();
        throw new UsageError(`the FHIR package registry ${base} sent no usable tarball for ${formatPackageRef(ref)}`, { fix: 'try again later or use another --registry' });
      }
      let received = 0;
      const capped = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>).filter((chunk: Buffer) => {
        received += chunk.length;
        if (received > maxTarballBytes) throw new UsageError(`the FHIR package registry ${base} sent more than ${maxTarballBytes} bytes for ${formatPackageRef(ref)}`);
        return true;
      });
      try {
        await pipeline(capped, createWriteStream(file));
      } catch (error) {
        if (error instanceof UsageError) throw error;
        throw new RegistryUnreachable((error as Error).message);
      }
    },
  };
}

/** A response body as text, refusing more than `max` bytes. */
async function readCapped(response: Response, max: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > max) throw new RegistryUnreachable(`the version listing is larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseListing(text: string): { versions?: unknown; 'dist-tags'?: { latest?: unknown } } {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    return {};
  }
}
