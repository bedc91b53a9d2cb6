import { defineSuite } from '../../runner/dsl/index.js';
import { auth } from './auth.js';
import { disclosure } from './disclosure.js';
import { robustness } from './robustness.js';
import { inputs, outputs } from './spec.js';
import { transport } from './transport.js';

export default defineSuite({
  id: 'security',
  version: '1.0.0',
  title: 'API security baseline (not a penetration test)',
  description:
    'A bounded, polite baseline of security behaviour a health API must show: TLS 1.2+ only, a valid certificate not ' +
    'close to expiry and HSTS (HTTPS targets), no patient data without valid authentication, no internals in errors or ' +
    'headers, no credentialed CORS for arbitrary origins, hostile-looking input handled as data. Each probe is a ' +
    'handful of ordinary requests (one oversized body at most). This is not a penetration test: passing it does not ' +
    'show a system is secure.',
  requirements: new URL('./requirements.json', import.meta.url),
  inputs,
  outputs,
  tests: [transport, auth, disclosure, robustness],
});
