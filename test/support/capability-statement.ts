import type { CapabilityStatement } from 'fhir/r4.js';

/** A minimal valid R4 CapabilityStatement of a server (with narrative and a computable name, so no warning is about them). */
export const serverStatement: CapabilityStatement = {
  resourceType: 'CapabilityStatement',
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">A server</div>' },
  name: 'Server',
  status: 'active',
  date: '2026-01-01',
  kind: 'instance',
  implementation: { description: 'A server' },
  fhirVersion: '4.0.1',
  format: ['application/fhir+json'],
  rest: [{ mode: 'server' }],
};
