import { expect } from 'chai';
import { fhirXmlToJson } from '../../../profiles/formats/index.js';
import type { Definitions } from '../../../profiles/types.js';
import { sharedDefinitions } from '../../support/definitions.js';

describe('FHIR XML read into the JSON form', function () {
  this.timeout(60_000);
  let definitions: Definitions;

  before(async () => {
    definitions = await sharedDefinitions('hl7.fhir.r4.core#4.0.1');
  });

  it('makes repeating elements arrays, types primitive values, and keeps primitive extensions aligned in _name', () => {
    const xml = `<Patient xmlns="http://hl7.org/fhir">
      <id value="p1"/>
      <active value="true"/>
      <name><given value="Ann"/><given id="g2"><extension url="http://example.org/e"><valueString value="x"/></extension></given></name>
      <multipleBirthInteger value="2"/>
      <text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>Ann &amp; co</p></div></text>
      <contained><Organization><id value="o1"/><name value="Acme"/></Organization></contained>
    </Patient>`;
    const { resource, problems } = fhirXmlToJson(xml, definitions);
    expect(problems).to.deep.equal([]);
    expect(resource).to.deep.equal({
      resourceType: 'Patient',
      id: 'p1',
      active: true,
      name: [{ given: ['Ann', null], _given: [null, { id: 'g2', extension: [{ url: 'http://example.org/e', valueString: 'x' }] }] }],
      multipleBirthInteger: 2,
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Ann &amp; co</p></div>' },
      contained: [{ resourceType: 'Organization', id: 'o1', name: 'Acme' }],
    });
  });

  it('reports what only the XML form can get wrong, and leaves bad values for validation to report', () => {
    const xml = '<Observation xmlns="http://hl7.org/fhir"><status id="s" something="that" value="final"/><valueInteger><value value="0"/></valueInteger><issued value="not-a-date"/></Observation>';
    const { resource, problems } = fhirXmlToJson(xml, definitions);
    expect(resource).to.deep.equal({ resourceType: 'Observation', status: 'final', _status: { id: 's' }, issued: 'not-a-date' });
    expect(problems).to.deep.equal([
      { path: 'Observation.status', message: "Undefined attribute '@something' on status" },
      { path: 'Observation.valueInteger.value', message: "Undefined element 'value' in the primitive <valueInteger>" },
      { path: 'Observation.valueInteger', message: 'Primitive types must have a value or must have child extensions' },
    ]);
  });

  it('refuses XML that is not well-formed, or has a DOCTYPE', () => {
    expect(() => fhirXmlToJson('<Patient xmlns="http://hl7.org/fhir"><active value="true"></Patient>', definitions)).to.throw('expected </active> (line 1, column 59)');
    expect(() => fhirXmlToJson('<!DOCTYPE x [<!ENTITY a "b">]><Patient xmlns="http://hl7.org/fhir"/>', definitions)).to.throw('a DOCTYPE is not allowed in FHIR XML (line 1, column 1)');
  });
});
