import { resolve } from 'node:path';
import { list } from 'tar';
import { UsageError } from '../../runner/errors.js';
import type { PackageFile, ScannedPackage } from './package-content.js';
import { knownPackage, scanPackage } from './package-content.js';
import type { PackageHashes } from './package-hashes.js';
import { noPackageHashes, statSignature } from './package-hashes.js';

/** More than any FHIR package holds (R4 core unpacks to about 40 MB): a guard against decompression bombs. */
const maxUnpackedBytes = 2 ** 30;

/**
 * The files under `package/` in a FHIR package tarball (`.tgz`), read into memory: nothing is written, and
 * links, devices and names that climb out of the package are ignored.
 */
export async function readTarballFiles(file: string): Promise<PackageFile[]> {
  const files: PackageFile[] = [];
  let total = 0;
  const notAPackage = (why: string) =>
    new UsageError(`${file} is not a FHIR package (${why})`, {
      fix: 'give a FHIR package tarball (a gzip-compressed tar of package/package.json and its resources), a package folder, or id#version',
    });
  try {
    await list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const relative = packageRelative(entry.path);
        if (entry.type !== 'File' || relative === undefined) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total <= maxUnpackedBytes) chunks.push(chunk);
        });
        entry.on('end', () => files.push({ relative, bytes: Buffer.concat(chunks) }));
      },
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new UsageError(`${file} does not exist`, { fix: 'check the path given with --package' });
    throw notAPackage(code === 'TAR_BAD_ARCHIVE' || code === 'Z_DATA_ERROR' ? 'it is not a gzip-compressed tar archive' : (error as Error).message);
  }
  if (total > maxUnpackedBytes) throw notAPackage(`it unpacks to more than ${maxUnpackedBytes} bytes`);
  if (files.length === 0) throw notAPackage('it holds no package/ folder');
  return files;
}

/** A package tarball, read and hashed exactly as the same package unpacked into a folder. */
export async function scanPackageTarball(file: string, hashes: PackageHashes = noPackageHashes): Promise<ScannedPackage> {
  const source = resolve(file);
  const signature = hashes === noPackageHashes ? undefined : statSignature(file);
  const known = signature === undefined ? undefined : hashes.known(source, signature);
  if (known !== undefined) return knownPackage(known.manifest, known.sha256, file, file, () => readTarballFiles(file));
  const files = await readTarballFiles(file);
  const scanned = scanPackage(files, file, file);
  const manifest = files.find((f) => f.relative === 'package.json');
  if (signature !== undefined && manifest !== undefined) hashes.remember(source, signature, scanned.sha256, manifest.bytes);
  return scanned;
}

/** `package/a/b.json` as `a/b.json`; undefined for anything outside `package/` or climbing out of it. */
function packageRelative(path: string): string | undefined {
  const parts = path.replace(/\\/g, '/').replace(/^\.\//, '').split('/').filter((p) => p !== '' && p !== '.');
  if (parts[0] !== 'package' || parts.length < 2 || parts.includes('..')) return undefined;
  return parts.slice(1).join('/');
}
