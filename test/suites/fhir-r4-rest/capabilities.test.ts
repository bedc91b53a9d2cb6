/**
 * A known gap, reported to the profiles room: R4 allows `xml`, `json` and `ttl` in
 * CapabilityStatement.format besides mime types (see the element's comment), but the validator checks the
 * codes against BCP 13 alone and reports `json` as an error, so capabilities/valid (R4-REST-CAP-02) would
 * fail a server that lists it (HAPI does). Pending until the validator accepts them.
 */
describe('fhir-r4-rest capabilities/valid', () => {
  it('passes a CapabilityStatement whose format lists json, xml or ttl (pending: the validator rejects them)');
});
