import type { Certificate } from '../certificate/certificate.js';
import type { RejectionReason } from '../certificate/verify.js';
import type { CapabilityLabel, CapabilityLevel } from './capability-levels.js';

/** One supplier's interface as a trust or ICS sees it: the newest verified certificate for it. */
export interface SupplierRow {
  readonly organisation: string;
  readonly product: string;
  readonly version: string;
  readonly endpoint: string;
  readonly level: CapabilityLevel;
  readonly label: CapabilityLabel;
  readonly dtacC41: boolean;
  readonly dtacC42: boolean;
  readonly dtacC43: boolean;
  readonly shallFailures: number;
  readonly shouldFailures: number;
  readonly method: Certificate['method'];
  readonly issuer: string;
  readonly issuerKid: string;
  readonly issued: string;
  readonly expires: string;
  readonly certificate: string;
  readonly verificationCode: string;
}

export interface VerifiedCertificate {
  readonly file: string;
  readonly certificate: Certificate;
  readonly verificationCode: string;
}

export interface RejectedCertificate {
  readonly file: string;
  readonly reason: RejectionReason;
  readonly message: string;
}

export interface SupplierView {
  /** The instant certificates were verified against (expiry depends on it). */
  readonly asOf: string;
  readonly suppliers: readonly SupplierRow[];
  readonly levels: Readonly<Record<`${CapabilityLevel}`, number>>;
  readonly labels: Readonly<Record<CapabilityLabel, number>>;
  /** How many suppliers each DTAC C4 question is evidenced for. */
  readonly dtac: Readonly<Record<'C4.1' | 'C4.2' | 'C4.3', number>>;
  /** Older certificates for the same interface, replaced by a newer one. */
  readonly superseded: readonly { readonly file: string; readonly by: string }[];
  /** Certificates that did not verify: never counted. */
  readonly rejected: readonly RejectedCertificate[];
}

/** Aggregates verified certificates into one row per interface (organisation, product, endpoint). */
export function supplierView(verified: readonly VerifiedCertificate[], rejected: readonly RejectedCertificate[], asOf: Date): SupplierView {
  const newest = new Map<string, VerifiedCertificate>();
  const superseded: { file: string; by: string }[] = [];
  const ordered = [...verified].sort((a, b) => b.certificate.issued.localeCompare(a.certificate.issued) || a.file.localeCompare(b.file));
  for (const entry of ordered) {
    const s = entry.certificate.subject;
    const key = `${s.organisation}\u0000${s.product}\u0000${s.endpoint}`;
    const kept = newest.get(key);
    if (kept === undefined) newest.set(key, entry);
    else superseded.push({ file: entry.file, by: kept.file });
  }
  const suppliers = [...newest.values()].map(row).sort(
    (a, b) => a.organisation.localeCompare(b.organisation) || a.product.localeCompare(b.product) || a.endpoint.localeCompare(b.endpoint),
  );
  const count = (predicate: (r: SupplierRow) => boolean) => suppliers.filter(predicate).length;
  return {
    asOf: asOf.toISOString(),
    suppliers,
    levels: { 1: count((r) => r.level === 1), 2: count((r) => r.level === 2), 3: count((r) => r.level === 3), 4: count((r) => r.level === 4), 5: count((r) => r.level === 5) },
    labels: { basic: count((r) => r.label === 'basic'), developing: count((r) => r.label === 'developing'), advanced: count((r) => r.label === 'advanced') },
    dtac: { 'C4.1': count((r) => r.dtacC41), 'C4.2': count((r) => r.dtacC42), 'C4.3': count((r) => r.dtacC43) },
    superseded: superseded.sort((a, b) => a.file.localeCompare(b.file)),
    rejected: [...rejected].sort((a, b) => a.file.localeCompare(b.file)),
  };
}

function row({ file, certificate: c, verificationCode }: VerifiedCertificate): SupplierRow {
  const evidenced = (id: string) => c.conformance.dtac.some((d) => d.id === id && d.evidenced);
  return {
    organisation: c.subject.organisation,
    product: c.subject.product,
    version: c.subject.version,
    endpoint: c.subject.endpoint,
    level: c.conformance.level,
    label: c.conformance.label,
    dtacC41: evidenced('C4.1'),
    dtacC42: evidenced('C4.2'),
    dtacC43: evidenced('C4.3'),
    shallFailures: c.results.shallFailures,
    shouldFailures: c.results.shouldFailures,
    method: c.method,
    issuer: c.issuer.name,
    issuerKid: c.issuer.kid,
    issued: c.issued,
    expires: c.expires,
    certificate: file,
    verificationCode,
  };
}

const csvColumns: readonly (keyof SupplierRow)[] = [
  'organisation', 'product', 'version', 'endpoint', 'level', 'label', 'dtacC41', 'dtacC42', 'dtacC43',
  'shallFailures', 'shouldFailures', 'method', 'issuer', 'issuerKid', 'issued', 'expires', 'certificate', 'verificationCode',
];

/** The supplier rows as CSV (RFC 4180: CRLF line ends, fields quoted when they need it). */
export function supplierCsv(view: SupplierView): string {
  const lines = [csvColumns.join(','), ...view.suppliers.map((r) => csvColumns.map((column) => csvField(String(r[column]))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string): string {
  // A leading =, +, - or @ would be run as a formula by spreadsheet software: quote it with a leading '.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
