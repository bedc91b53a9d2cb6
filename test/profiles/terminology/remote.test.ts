import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OperationOutcome } from 'fhir/r4.js';
import { LocalTerminology, RemoteTerminology } from '../../../profiles/terminology/index.js';
import { createValidator, terminologyModeExtension } from '../../../profiles/validator/index.js';
import type { Definitions } from '../../../profiles/types.js';
import { sharedDefinitions } from '../../support/definitions.js';

/** A terminology server on loopback that knows ISO 4217's GBP and EUR, and counts what it is asked. */
function currencyServer(): Promise<{ server: Server; url: string; asked: string[] }> {
  const asked: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    asked.push(`${url.pathname} ${url.searchParams.get('system') ?? ''}#${url.searchParams.get('code') ?? ''}`);
    if (url.pathname !== '/fhir/ValueSet/$validate-code') {
      response.writeHead(404).end();
      return;
    }
    const known = ['GBP', 'EUR'].includes(url.searchParams.get('code') ?? '');
    const parameter = known ? [{ name: 'result', valueBoolean: true }] : [{ name: 'result', valueBoolean: false }, { name: 'message', valueString: 'Unknown currency code' }];
    response.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'Parameters', parameter }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`, asked })));
}

const invoice = (currency: string): unknown => ({ resourceType: 'Invoice', status: 'issued', totalNet: { value: 10, currency } });

function currencyIssues(outcome: OperationOutcome): string[] {
  return outcome.issue.filter((i) => i.expression?.[0] === 'Invoice.totalNet.currency').map((i) => `${i.severity}: ${i.details?.text ?? ''}`);
}

describe('a remote terminology server', function () {
  this.timeout(60_000);
  let definitions: Definitions;
  let tx: Awaited<ReturnType<typeof currencyServer>>;

  before(async () => {
    definitions = await sharedDefinitions('hl7.fhir.r4.core#4.0.1');
    tx = await currencyServer();
  });

  after(() => {
    tx.server.close();
  });

  it('is not used by default: codes local content cannot check are reported as not checked', async () => {
    const outcome = await createValidator(definitions).validate(invoice('GBP'));
    expect(currencyIssues(outcome)).to.deep.equal([
      "warning: The code GBP was NOT checked against the required value set 'http://hl7.org/fhir/ValueSet/currencies|4.0.1': code system urn:iso:std:iso:4217 is not available locally; checking it needs a terminology server",
    ]);
  });

  it('checks those codes with $validate-code, caches the answers and records the server in every outcome', async () => {
    const terminology = new RemoteTerminology(tx.url, new LocalTerminology(definitions));
    const validator = createValidator(definitions, { terminology });
    const good = await validator.validate(invoice('GBP'));
    expect(currencyIssues(good)).to.deep.equal([]);
    expect(good.extension).to.deep.equal([{ url: terminologyModeExtension, extension: [{ url: 'mode', valueCode: 'remote' }, { url: 'server', valueUrl: tx.url }] }]);
    expect(currencyIssues(await validator.validate(invoice('XYZ')))).to.deep.equal([
      "error: The code XYZ is not in the value set 'http://hl7.org/fhir/ValueSet/currencies|4.0.1', and a code from this value set is required (from http://hl7.org/fhir/StructureDefinition/Money|4.0.1) (Unknown currency code)",
    ]);
    await validator.validate(invoice('GBP'));
    expect(tx.asked).to.deep.equal(['/fhir/ValueSet/$validate-code #GBP', '/fhir/ValueSet/$validate-code #XYZ']);
  });

  it('reports codes as not checked when the server cannot be reached, naming it', async () => {
    const closed = await currencyServer();
    await new Promise((resolve) => closed.server.close(resolve));
    const terminology = new RemoteTerminology(closed.url, new LocalTerminology(definitions), { timeoutMs: 2000 });
    const [issue] = currencyIssues(await createValidator(definitions, { terminology }).validate(invoice('GBP')));
    expect(issue).to.match(new RegExp(`^warning: The code GBP was NOT checked against the required value set .*: the terminology server ${closed.url.replace(/[.]/g, '\\.')} could not be reached \\(`));
  });
});
