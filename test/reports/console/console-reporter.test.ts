import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { consoleReporter } from '../../../reports/console/index.js';
import { events, stream } from '../run-event-fixture.js';

async function render(live: boolean, complete = true): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  let clock = 0;
  await consoleReporter({ out, live, color: false, now: () => (clock += 1500) }).fold(stream(events(complete)));
  return text;
}

const summary = [
  '',
  's 1.0.0: fail',
  '  read  fail   1 pass, 1 fail',
  '',
  '2 tests: 1 passed, 1 failed, 0 errors, 0 skipped, 0 omitted; 1 SHALL failure, 0 SHOULD; 1.5 s',
];

describe('the console reporter', () => {
  it('prints a plain line per test for CI logs, then the summary', async () => {
    expect(await render(false)).to.equal(
      [
        'assay 0.1.0: 2 tests of s 1.0.0 against local (http://127.0.0.1:1/fhir/), auth bearer',
        'FAIL  s/read/b  5 ms',
        '      HTTP status: expected 200, got 404',
        'PASS  s/read/a  5 ms',
        ...summary,
        '',
      ].join('\n'),
    );
  });

  it('keeps one progress line on a terminal, printing only failures above it', async () => {
    const text = await render(true);
    const clear = '\r\u001b[2K';
    expect(text).to.contain(`${clear}[0/2] 0 failed · s/read/b`);
    expect(text).to.contain(`${clear}FAIL  s/read/b  5 ms\n      HTTP status: expected 200, got 404\n[1/2] 1 failed · s/read/a`);
    expect(text).not.to.contain('PASS');
    expect(text.endsWith(`${summary.join('\n')}\n`)).to.equal(true);
  });

  it('says plainly when the run was interrupted', async () => {
    expect(await render(false, false)).to.contain('\nINCOMPLETE: the run was interrupted; the report holds only the tests that finished\n');
  });
});
