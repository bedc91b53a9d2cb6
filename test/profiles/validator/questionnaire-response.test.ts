import { expect } from 'chai';
import type { OperationOutcome } from 'fhir/r4.js';
import type { Validator } from '../../../profiles/validator/index.js';
import { createValidator } from '../../../profiles/validator/index.js';
import { sharedDefinitions } from '../../support/definitions.js';

function errors(outcome: OperationOutcome): string[] {
  return outcome.issue.filter((i) => i.severity === 'error').map((i) => `${i.expression?.[0] ?? ''}: ${i.details?.text ?? ''}`);
}

const questionnaire = {
  resourceType: 'Questionnaire',
  id: 'q',
  status: 'active',
  item: [
    { linkId: 'name', type: 'string', required: true, maxLength: 5 },
    {
      linkId: 'smoker',
      type: 'choice',
      answerOption: [
        { valueCoding: { system: 'http://example.org/answers', code: 'yes' } },
        { valueCoding: { system: 'http://example.org/answers', code: 'no' } },
      ],
    },
    { linkId: 'packs', type: 'integer', enableWhen: [{ question: 'smoker', operator: '=', answerCoding: { system: 'http://example.org/answers', code: 'yes' } }] },
    { linkId: 'about', type: 'group', required: true, item: [{ linkId: 'age', type: 'integer', extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/minValue', valueInteger: 18 }] }] },
  ],
};

function response(status: string, item: unknown[]): Record<string, unknown> {
  return { resourceType: 'QuestionnaireResponse', contained: [questionnaire], questionnaire: '#q', status, ...(item.length > 0 ? { item } : {}) };
}

describe('QuestionnaireResponses against their Questionnaire', function () {
  this.timeout(60_000);
  let validator: Validator;

  before(async () => {
    validator = createValidator(await sharedDefinitions('hl7.fhir.r4.core#4.0.1'));
  });

  it('accepts a response that answers its questionnaire', async () => {
    const ok = response('completed', [
      { linkId: 'name', answer: [{ valueString: 'Ann' }] },
      { linkId: 'smoker', answer: [{ valueCoding: { system: 'http://example.org/answers', code: 'yes' } }] },
      { linkId: 'packs', answer: [{ valueInteger: 2 }] },
      { linkId: 'about', item: [{ linkId: 'age', answer: [{ valueInteger: 40 }] }] },
    ]);
    expect(errors(await validator.validate(ok))).to.deep.equal([]);
  });

  it('reports unknown items, wrong answer types, options, limits and answers to disabled items', async () => {
    const bad = response('completed', [
      { linkId: 'name', answer: [{ valueString: 'Annabel' }, { valueString: 'Ann' }] },
      { linkId: 'smoker', answer: [{ valueCoding: { system: 'http://example.org/answers', code: 'sometimes' } }] },
      { linkId: 'packs', answer: [{ valueInteger: 2 }] },
      { linkId: 'about', item: [{ linkId: 'age', answer: [{ valueString: 'old' }] }, { linkId: 'height' }] },
    ]);
    expect(errors(await validator.validate(bad))).to.deep.equal([
      'QuestionnaireResponse.item[0]: Only one response answer item with this linkId allowed',
      "QuestionnaireResponse.item[0].answer[0].value.ofType(string): The answer 'Annabel' is longer then the allowed maximum length of 5",
      'QuestionnaireResponse.item[1].answer[0].value.ofType(Coding): The code http://example.org/answers::sometimes is not in the set of permitted values',
      "QuestionnaireResponse.item[2]: Item has answer, even though it is not enabled (item id = 'packs')",
      'QuestionnaireResponse.item[3].item[0].answer[0]: Answer value must be of the type integer not string',
      "QuestionnaireResponse.item[3].item[1]: LinkId 'height' not found in questionnaire",
    ]);
  });

  it('requires required items only once the response is completed', async () => {
    expect(errors(await validator.validate(response('completed', [{ linkId: 'about', item: [{ linkId: 'age', answer: [{ valueInteger: 10 }] }] }])))).to.deep.equal([
      'QuestionnaireResponse.item[0].item[0].answer[0].value.ofType(integer): The value 10 is less than the allowed minimum of 18',
      "QuestionnaireResponse: No response answer found for required item 'name'",
    ]);
    expect(errors(await validator.validate(response('in-progress', [])))).to.deep.equal([]);
  });

  it('warns, and checks nothing more, when the questionnaire cannot be found', async () => {
    const outcome = await validator.validate({ resourceType: 'QuestionnaireResponse', questionnaire: 'http://example.org/Questionnaire/none', status: 'completed' });
    expect(outcome.issue.filter((i) => i.code !== 'invariant').map((i) => `${i.severity} ${i.details?.text ?? ''}`)).to.deep.equal([
      "warning The questionnaire 'http://example.org/Questionnaire/none' could not be resolved, so no validation can be performed against the base questionnaire",
    ]);
  });
});
