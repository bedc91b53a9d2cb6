import { UsageError } from '../../runner/errors.js';
import type { PackageRef } from '../types.js';

/** Parses `id#version` (the FHIR package cache's own spelling) or `id@version` (npm's). */
export function parsePackageRef(text: string): PackageRef {
  const match = /^([a-z0-9][a-z0-9._-]*)[#@]([0-9A-Za-z.+-]+)$/i.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new UsageError(`"${text}" is not a FHIR package reference`, {
      fix: 'write it as id#version, e.g. fhir.r4.ukcore.stu2#2.0.2, or give a package folder or .tgz path',
    });
  }
  return { id: match[1], version: match[2] };
}

export function formatPackageRef(ref: PackageRef): string {
  return `${ref.id}#${ref.version}`;
}
