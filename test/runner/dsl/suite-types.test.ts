import { expect } from 'chai';
import type { TestContext } from '../../../runner/dsl/index.js';
import { defineGroup, defineSuite } from '../../../runner/dsl/index.js';

const inputs = {
  patientId: { type: 'string', title: 'id' },
  nhsNumber: { type: 'string', title: 'NHS number', optional: true },
  pageSize: { type: 'number', title: 'page size', optional: true, default: 10 },
  flags: { type: 'string[]', title: 'flags' },
} as const;
const outputs = { etag: { type: 'string', title: 'ETag' } } as const;

// Compile-time checks of the DSL's typing: `npm test` typechecks this file, so a regression fails CI.
function typedContext(ctx: TestContext<typeof inputs, typeof outputs>): unknown[] {
  const id: string = ctx.inputs.patientId;
  const nhs: string | undefined = ctx.inputs.nhsNumber;
  const size: number = ctx.inputs.pageSize;
  const flags: readonly string[] = ctx.inputs.flags;
  // @ts-expect-error an optional input without a default may be undefined
  const strictNhs: string = ctx.inputs.nhsNumber;
  // @ts-expect-error inputs the suite does not declare do not exist
  const unknown: unknown = ctx.inputs.nope;
  ctx.output('etag', 'W/"1"');
  // @ts-expect-error an output takes the declared type
  ctx.output('etag', 1);
  // @ts-expect-error only declared outputs can be written
  ctx.output('other', 'x');
  const etag: string = ctx.need('etag');
  return [id, nhs, size, flags, strictNhs, unknown, etag];
}

describe('the suite DSL types', () => {
  it('keeps a suite as the plain data it was given', () => {
    const run = (ctx: TestContext<typeof inputs, typeof outputs>): Promise<void> => Promise.resolve(void typedContext(ctx));
    const test = { id: 'a', title: 'A', verifies: [], run };
    const suite = defineSuite({
      id: 'typed',
      version: '1.0.0',
      title: 'Typed',
      requirements: new URL('../../fixtures/suites/demo-rest/requirements.json', import.meta.url),
      inputs,
      outputs,
      tests: [defineGroup<typeof inputs, typeof outputs>({ id: 'read', title: 'Read', tests: [test] })],
    });
    expect(suite.inputs).to.equal(inputs);
    expect(suite.tests[0]?.tests[0]).to.equal(test);
  });
});
