import { expect } from 'chai';
import type { HttpResponse } from '../../../runner/dsl/index.js';
import { createdReference, ifMatchFor, parseLocation, tally } from '../../../suites/common/index.js';

function response(status: number, headers: Record<string, string>, body?: unknown): HttpResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, headers, text, url: 'http://x/fhir/Patient', exchangeId: 't#1', json: () => JSON.parse(text) as unknown };
}

describe('write test helpers', () => {
  it('reads [base]/[type]/[id]/_history/[vid] from a Location, absolute or relative', () => {
    expect(parseLocation('https://x.example/fhir/Patient/abc-1/_history/2')).to.deep.equal({ type: 'Patient', id: 'abc-1', versionId: '2' });
    expect(parseLocation('Patient/abc/_history/1')).to.deep.equal({ type: 'Patient', id: 'abc', versionId: '1' });
    expect(parseLocation('https://x.example/fhir/Patient/abc')).to.equal(undefined);
    expect(parseLocation(undefined)).to.equal(undefined);
  });

  it('finds what a create made from its Location, else from its body', () => {
    expect(createdReference('Patient', response(201, { location: 'http://x/fhir/Patient/p1/_history/1' }))).to.equal('Patient/p1');
    expect(createdReference('Patient', response(201, { location: 'http://x/fhir/Patient/p2' }))).to.equal('Patient/p2');
    expect(createdReference('Patient', response(201, { 'content-type': 'application/fhir+json' }, { resourceType: 'Patient', id: 'p3' }))).to.equal('Patient/p3');
    expect(createdReference('Patient', response(400, { 'content-type': 'application/fhir+json' }, { resourceType: 'OperationOutcome' }))).to.equal(undefined);
  });

  it('quotes the version a response shows: its ETag, else W/"<meta.versionId>"', () => {
    expect(ifMatchFor(response(200, { etag: 'W/"3"' }))).to.deep.equal({ 'if-match': 'W/"3"' });
    expect(ifMatchFor(response(200, { 'content-type': 'application/fhir+json' }, { resourceType: 'Patient', meta: { versionId: '4' } }))).to.deep.equal({
      'if-match': 'W/"4"',
    });
    expect(ifMatchFor(response(200, { 'content-type': 'application/fhir+json' }, { resourceType: 'Patient' }))).to.deep.equal({});
  });

  it('remembers a failed soft check so it never becomes a skip', () => {
    const recorded: string[] = [];
    const checks = tally({ check: (ok, message) => (ok ? true : (recorded.push(message), false)) });
    expect(checks.check(true, 'fine')).to.equal(true);
    expect(checks.failed).to.equal(false);
    expect(checks.check(false, 'broken')).to.equal(false);
    expect(checks.failed).to.equal(true);
    expect(recorded).to.deep.equal(['broken']);
  });
});
