import { expect } from 'chai';
import type { ProfileSet } from '../../../profiles/types.js';
import type { RunEvent, TestResult } from '../../../reports/model.js';
import { resolveTarget } from '../../../runner/config/index.js';
import type { GroupDefinition, TestDefinition } from '../../../runner/dsl/index.js';
import { defineSuite, loadSuite } from '../../../runner/dsl/index.js';
import { executePlan } from '../../../runner/execute/index.js';
import { buildPlan } from '../../../runner/plan/index.js';
import { sharedProfileSet } from '../../support/definitions.js';
import type { FhirServer } from '../../support/fhir-server.js';
import { startFhirServer } from '../../support/fhir-server.js';

const requirements = new URL('../../fixtures/suites/demo-rest/requirements.json', import.meta.url);
const outputs = { etag: { type: 'string', title: 'ETag' } } as const;

function suiteOf(groups: readonly GroupDefinition<Record<never, never>, typeof outputs>[]) {
  return loadSuite(defineSuite({ id: 'exec', version: '1.0.0', title: 'Execution', requirements, inputs: {}, outputs, tests: groups }));
}

function test(id: string, run: TestDefinition<Record<never, never>, typeof outputs>['run'], extra: Partial<TestDefinition> = {}) {
  return { id, title: id, verifies: ['DEMO-READ-01'], run, ...extra };
}

async function execute(
  server: FhirServer,
  groups: readonly GroupDefinition<Record<never, never>, typeof outputs>[],
  options: { concurrency?: number; profiles?: ProfileSet; interrupt?: AbortSignal } = {},
): Promise<{ results: readonly TestResult[]; events: RunEvent[]; ms: number }> {
  const suite = suiteOf(groups);
  const target = resolveTarget(undefined, {
    target: server.base,
    cwd: '/',
    overrides: { concurrency: options.concurrency ?? 4, rateLimit: 0 },
  });
  const plan = buildPlan({ suites: [suite], target, filter: {}, inputs: { cli: [], env: {} } });
  const events: RunEvent[] = [];
  const started = performance.now();
  const outcome = await executePlan({
    plan,
    suites: [suite],
    emit: (event) => events.push(event),
    interrupt: options.interrupt ?? new AbortController().signal,
    env: {},
    ...(options.profiles === undefined ? {} : { profiles: options.profiles }),
  });
  return { results: outcome.results, events, ms: performance.now() - started };
}

const outcomeOf = (results: readonly TestResult[]) => Object.fromEntries(results.map((result) => [result.id.split('/').slice(1).join('/'), [result.outcome, result.message]]));

describe('executing a plan', () => {
  let server: FhirServer;
  let inFlight = 0;
  let most = 0;
  before(async () => {
    server = await startFhirServer({
      extra: (request, response) => {
        if (request.url?.startsWith('/fhir/slow') !== true) return request.url === '/fhir/hang';
        most = Math.max(most, ++inFlight);
        setTimeout(() => {
          inFlight--;
          response.end('{}');
        }, 100);
        return true;
      },
    });
  });
  after(() => server.close());
  beforeEach(() => (most = 0));

  it('runs independent tests in parallel up to the concurrency: wall time follows the critical path', async () => {
    const slow = (n: number) => test(`t${n}`, async (ctx) => ctx.expect.status(await ctx.http.get(`slow/${n}`), 200));
    const chain = [
      test('c1', async (ctx) => ctx.expect.status(await ctx.http.get('slow/c1'), 200)),
      test('c2', async (ctx) => ctx.expect.status(await ctx.http.get('slow/c2'), 200), { dependsOn: ['c1'] }),
    ];
    const wide = [1, 2, 3, 4, 5, 6, 7, 8].map(slow);
    const { results, ms } = await execute(server, [{ id: 'wide', title: 'Wide', tests: wide }, { id: 'chain', title: 'Chain', tests: chain }], {
      concurrency: 4,
    });
    expect(results.map((result) => result.outcome)).to.deep.equal(Array(10).fill('pass'));
    expect(most).to.equal(4);
    // Ten requests of 100 ms, four at a time: about 400 ms, never the 1000 ms of one after another.
    expect(ms).to.be.lessThan(800);
    const order = results.map((result) => result.id);
    expect(order.indexOf('exec/chain/c1')).to.be.lessThan(order.indexOf('exec/chain/c2'));
  });

  it('ends a test at its timeout, even one that ignores its signal', async () => {
    const { results } = await execute(server, [
      {
        id: 'slow',
        title: 'Slow',
        tests: [
          test('waits', async (ctx) => void (await ctx.http.get('hang')), { timeoutSeconds: 0.3 }),
          test('ignores', () => new Promise<void>(() => undefined), { timeoutSeconds: 0.3 }),
        ],
      },
    ]);
    expect(outcomeOf(results)).to.deep.equal({
      'slow/waits': ['error', 'the test did not finish within 0.3 s'],
      'slow/ignores': ['error', 'the test did not finish within 0.3 s'],
    });
  });

  it('hands outputs on, skips a test whose prerequisite failed or whose input never came', async () => {
    const { results } = await execute(server, [
      {
        id: 'flow',
        title: 'Flow',
        tests: [
          test('needs-early', (ctx) => Promise.resolve(void ctx.need('etag'))),
          test('produce', async (ctx) => ctx.output('etag', ctx.expect.header(await ctx.http.get('Patient/9000000009'), 'etag'))),
          test('consume', (ctx) => Promise.resolve(void ctx.expect.equal(ctx.need('etag'), 'W/"1"', 'etag')), { dependsOn: ['produce'] }),
          test('broken', (ctx) => Promise.resolve(ctx.expect.fail('broken on purpose'))),
          test('after-broken', () => Promise.resolve(), { dependsOn: ['broken'] }),
        ],
      },
    ], { concurrency: 1 });
    expect(outcomeOf(results)).to.deep.equal({
      'flow/needs-early': ['skip', 'needs "etag" from an earlier test, and no earlier test produced it'],
      'flow/produce': ['pass', undefined],
      'flow/consume': ['pass', undefined],
      'flow/broken': ['fail', 'broken on purpose'],
      'flow/after-broken': ['skip', 'prerequisite exec/flow/broken did not pass (fail)'],
    });
  });

  it('fails a test at its end for soft checks and reports an unexpected exception as an error with where it came from', async () => {
    const { results } = await execute(server, [
      {
        id: 'checks',
        title: 'Checks',
        tests: [
          test('soft', (ctx) => {
            ctx.check(false, 'first thing wrong');
            ctx.check(true, 'fine');
            ctx.check(false, 'second thing wrong');
            return Promise.resolve();
          }),
          test('bug', () => Promise.resolve(JSON.parse('{not json') as unknown).then(() => undefined)),
          test('skipped', (ctx) => Promise.resolve(ctx.skip('no test patient on this server'))),
          test('omitted', (ctx) => Promise.resolve(ctx.omit('the server is read-only'))),
        ],
      },
    ]);
    const outcome = outcomeOf(results);
    expect(outcome['checks/soft']).to.deep.equal(['fail', 'first thing wrong; second thing wrong']);
    expect(outcome['checks/bug']?.[0]).to.equal('error');
    expect(outcome['checks/bug']?.[1]).to.match(/^SyntaxError: .+ \(at .*run-plan\.test\.ts:\d+:\d+\)?\)$/);
    expect(outcome['checks/skipped']).to.deep.equal(['skip', 'no test patient on this server']);
    expect(outcome['checks/omitted']).to.deep.equal(['omit', 'the server is read-only']);
  });

  it('validates with the ProfileSet it is given, turning errors into findings and a failure naming the first', async () => {
    const ukCorePatient = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient';
    const real = await sharedProfileSet('fhir.r4.ukcore.stu2#2.0.2');
    const validated: unknown[] = [];
    const profiles: ProfileSet = {
      ...real,
      validate: (resource, options) => {
        validated.push([resource, options]);
        return real.validate(resource, options);
      },
    };
    const patientTest = test('patient', async (ctx) => {
      const patient = ctx.expect.resource((await ctx.http.get('Patient/9000000009')).json(), 'Patient');
      // The server's Patient with its NHS number's check digit broken: invalid against UKCore-Patient.
      await ctx.validate({ ...patient, identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9000000008' }] }, ukCorePatient);
    });
    const { results, events } = await execute(server, [{ id: 'validate', title: 'V', tests: [patientTest] }], { profiles });
    expect(validated).to.have.length(1);
    expect((validated[0] as unknown[])[1]).to.deep.equal({ profiles: [ukCorePatient] });
    const nhsNumber = "'9000000008' is not a valid NHS number: its check digit (Modulus 11) does not match";
    expect(results[0]).to.deep.include({
      outcome: 'fail',
      message: `Patient/9000000009 does not conform to ${ukCorePatient}: 1 error, the first: Patient.identifier[0].value: ${nhsNumber}`,
    });
    expect(results[0]?.findings).to.deep.equal([
      { severity: 'error', code: 'value', text: nhsNumber, expression: ['Patient.identifier[0].value'] },
      { severity: 'warning', code: 'invariant', text: "Constraint failed: dom-6: 'A resource should have narrative for robust management'", expression: ['Patient'] },
    ]);
    const started = events[0];
    expect(started?.kind === 'run-started' && started.header.packages).to.deep.equal(real.packages.map(({ id, version, sha256 }) => ({ id, version, sha256 })));
    expect(real.packages.map((p) => `${p.id}#${p.version}`)).to.deep.equal(['fhir.r4.ukcore.stu2#2.0.2', 'hl7.fhir.r4.core#4.0.1']);
  });

  it('emits run-started, the set-up, each test and run-finished, in that order', async () => {
    const { events } = await execute(server, [{ id: 'one', title: 'One', tests: [test('read', async (ctx) => ctx.expect.status(await ctx.http.get('metadata'), 200))] }]);
    expect(events.map((event) => (event.kind === 'exchange' ? `exchange ${event.exchange.id}` : event.kind))).to.deep.equal([
      'run-started',
      'exchange setup#1',
      'test-started',
      'exchange exec/one/read#1',
      'test-finished',
      'run-finished',
    ]);
  });

  it('stops starting tests when interrupted and marks the run incomplete', async () => {
    const interrupt = new AbortController();
    const { events, results } = await execute(
      server,
      [
        {
          id: 'many',
          title: 'Many',
          tests: [1, 2, 3, 4].map((n) =>
            test(`t${n}`, async (ctx) => {
              if (n === 1) interrupt.abort();
              await ctx.http.get('hang');
            }),
          ),
        },
      ],
      { concurrency: 1, interrupt: interrupt.signal },
    );
    expect(results.map((result) => [result.id, result.outcome])).to.deep.equal([['exec/many/t1', 'error']]);
    const finished = events.at(-1);
    expect(finished?.kind === 'run-finished' && finished.complete).to.equal(false);
  });
});
