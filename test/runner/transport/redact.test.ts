import { expect } from 'chai';
import { Redactor } from '../../../runner/transport/redact.js';

describe('redaction', () => {
  it('redacts credential headers by name, keeping the scheme', () => {
    const redactor = new Redactor({ headers: ['X-Trust-Key'] });
    expect(
      redactor.headers({
        authorization: 'Bearer abc.def',
        cookie: 'session=1',
        apikey: 'k-123456',
        'x-trust-key': 'zzz',
        accept: 'application/fhir+json',
      }),
    ).to.deep.equal({
      authorization: 'Bearer [REDACTED]',
      cookie: '[REDACTED]',
      apikey: '[REDACTED]',
      'x-trust-key': '[REDACTED]',
      accept: 'application/fhir+json',
    });
  });

  it('redacts token parameters in URLs and form bodies but leaves FHIR search parameters alone', () => {
    const redactor = new Redactor();
    expect(redactor.url('https://x.test/Observation?code=1234-5&access_token=abc&_count=2')).to.equal(
      'https://x.test/Observation?code=1234-5&access_token=[REDACTED]&_count=2',
    );
    expect(
      redactor.body('grant_type=client_credentials&client_id=app&client_secret=s3cr3t%21', 'application/x-www-form-urlencoded'),
    ).to.equal('grant_type=client_credentials&client_id=app&client_secret=[REDACTED]');
  });

  it('redacts token members of JSON bodies, leaving the rest byte for byte', () => {
    const redactor = new Redactor();
    expect(redactor.body('{"access_token": "abc", "expires_in": 599, "token_type":"Bearer"}', 'application/json')).to.equal(
      '{"access_token": "[REDACTED]", "expires_in": 599, "token_type":"Bearer"}',
    );
  });

  it('redacts a known secret wherever and however it appears', () => {
    const redactor = new Redactor();
    redactor.addSecret('canary/secret value+1');
    expect(redactor.text('a canary/secret value+1 b')).to.equal('a [REDACTED] b');
    expect(redactor.url('https://x.test/?q=canary%2Fsecret%20value%2B1')).to.equal('https://x.test/?q=[REDACTED]');
    expect(redactor.text('{"note":"canary/secret value+1"}')).to.equal('{"note":"[REDACTED]"}');
    expect(redactor.text(`x ${Buffer.from('canary/secret value+1').toString('base64')} y`)).to.equal('x [REDACTED] y');
  });

  it('does not treat very short values as secrets', () => {
    const redactor = new Redactor();
    redactor.addSecret('ab');
    expect(redactor.text('abc')).to.equal('abc');
  });

  it('redacts JWTs, PEM private keys and configured patterns', () => {
    const redactor = new Redactor({ patterns: ['trust-[0-9]{4}'] });
    const jwt = 'eyJhbGciOiJSUzUxMiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl';
    expect(redactor.text(`token ${jwt} end`)).to.equal('token [REDACTED] end');
    expect(redactor.text('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----')).to.equal('[REDACTED]');
    expect(redactor.text('id trust-1234 here')).to.equal('id [REDACTED] here');
  });

  it('learns the secrets a request carries so an echo of them is redacted too', () => {
    const redactor = new Redactor();
    redactor.learn('https://x.test/echo?access_token=url-token-1&_count=5', { authorization: 'Bearer header-token-2', accept: 'application/json' });
    expect(redactor.text('{"a":"url-token-1","b":"header-token-2","c":"application/json"}')).to.equal(
      '{"a":"[REDACTED]","b":"[REDACTED]","c":"application/json"}',
    );
  });
});
