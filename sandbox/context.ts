import type { CapabilityStatement, Resource } from 'fhir/r4.js';
import type { ProfileSet } from '../profiles/index.js';
import type { SandboxContent } from './content.js';
import type { DefectId } from './defects.js';
import type { ResourceStore } from './store.js';

/** What every interaction of one running sandbox reads: its content, its store, its switches and seams. */
export interface SandboxContext {
  /** The FHIR base, e.g. `http://127.0.0.1:8080/fhir`. */
  readonly baseUrl: string;
  readonly content: SandboxContent;
  readonly store: ResourceStore;
  readonly profiles: ProfileSet;
  readonly defects: ReadonlySet<DefectId>;
  readonly clock: () => Date;
  /** Ids for created resources. */
  readonly newId: () => string;
  /** Assay's version, named in the CapabilityStatement's software. */
  readonly softwareVersion: string;
  /** When the sandbox started (the CapabilityStatement's date). */
  readonly startedAt: Date;
  /** Set when auth is on: where clients get tokens. */
  readonly auth: { readonly tokenUrl: string } | undefined;
  /** The CapabilityStatement, built once on first use: it cannot change while the sandbox runs. */
  readonly capabilities: () => CapabilityStatement;
  /** Told of every bug the sandbox hits while answering (the client sees a bare 500). */
  readonly onInternalError: (error: unknown) => void;
  /** The outgoing form of a stored resource: where the content defects act. */
  readonly present: (resource: Resource) => Resource;
}

/** A FHIR interaction's answer before it is written to the wire. */
export interface FhirResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A FHIR resource (serialised as JSON), or nothing. */
  readonly body?: object;
}

/** An interaction's view of a request, the same for HTTP requests and for Bundle entries. */
export interface FhirRequest {
  readonly method: string;
  /** Search and control parameters in order (query string, or the form of a POST _search). */
  readonly params: readonly (readonly [string, string])[];
  readonly body: unknown;
  readonly ifMatch: string | undefined;
  readonly ifNoneExist: string | undefined;
  /** The id a transaction gave a create entry before running it (create otherwise picks one). */
  readonly assignedId?: string;
  /** The Prefer header (return=minimal|representation|OperationOutcome, handling=strict|lenient). */
  readonly prefer: string | undefined;
}
