import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { nhsErrorCodeSystems } from '../../../suites/nhs-api/error-codes.js';
import { sharedDir } from '../../support/paths.js';

/**
 * The error-code table the nhs-api suite ships is derived from NHS England's own data: the CodeSystems
 * in ../shared/nhs/codesystems and the error tables of the PDS specification. This keeps it from drifting.
 */
interface Concept {
  readonly code: string;
  readonly display?: string;
  readonly definition?: string;
}

function codeSystem(file: string): { url: string; concept: Concept[] } {
  return JSON.parse(readFileSync(join(sharedDir, 'nhs', 'codesystems', file), 'utf8')) as { url: string; concept: Concept[] };
}

/** HTTP statuses (4xx, 5xx) the PDS specification's error tables give each code. */
function pdsStatuses(): Map<string, Set<number>> {
  const folder = join(sharedDir, 'nhs', 'pds', 'specification', 'components', 'paths');
  const statuses = new Map<string, Set<number>>();
  for (const file of readdirSync(folder)) {
    for (const match of readFileSync(join(folder, file), 'utf8').matchAll(/^\s*\|\s*(\d{3})\s*\|\s*([A-Z_]+)\s*\|/gm)) {
      const status = Number(match[1]);
      if (status < 400) continue;
      const code = match[2] ?? '';
      statuses.set(code, (statuses.get(code) ?? new Set()).add(status));
    }
  }
  return statuses;
}

function shipped(name: string) {
  const system = nhsErrorCodeSystems.find((cs) => cs.name === name);
  if (system === undefined) throw new Error(`no ${name} in the shipped table`);
  return system;
}

const sorted = (values: Iterable<number>) => [...values].sort((a, b) => a - b);

describe('the NHS error-code table of the nhs-api suite', () => {
  it('holds every Spine-ErrorOrWarningCode code with the statuses the PDS specification gives it', () => {
    const source = codeSystem('Spine-ErrorOrWarningCode.json');
    const pds = pdsStatuses();
    const expected = Object.fromEntries(source.concept.map((c) => [c.code, sorted(pds.get(c.code) ?? [])]));
    expect(shipped('Spine-ErrorOrWarningCode').url).to.equal(source.url);
    expect(shipped('Spine-ErrorOrWarningCode').statuses).to.deep.equal(expected);
  });

  it('holds every NHSD-API-ErrorOrWarningCode code with the status its definition recommends', () => {
    const source = codeSystem('NHSD-API-ErrorOrWarningCode.json');
    const expected = Object.fromEntries(
      source.concept.map((c) => [c.code, sorted([...(c.definition ?? '').matchAll(/HTTP Status Code (\d{3})/g)].map((m) => Number(m[1])))]),
    );
    expect(shipped('NHSD-API-ErrorOrWarningCode').url).to.equal(source.url);
    expect(shipped('NHSD-API-ErrorOrWarningCode').statuses).to.deep.equal(expected);
    expect(shipped('NHSD-API-ErrorOrWarningCode').statuses.RESOURCE_NOT_FOUND).to.deep.equal([404]);
  });

  it('holds every http-error-codes code with the status its display names', () => {
    const source = codeSystem('CodeSystem-http-ErrorCodes.json');
    const expected = Object.fromEntries(source.concept.map((c) => [c.code, [Number((c.display ?? '').slice(0, 3))]]));
    expect(shipped('http-error-codes').url).to.equal(source.url);
    expect(shipped('http-error-codes').statuses).to.deep.equal(expected);
  });
});
