/**
 * Redaction: nothing secret is stored anywhere (evidence, report, console). Four nets, applied to every
 * URL, header and body before it is kept: credential headers by name, token parameters by name (query
 * strings, form bodies, JSON members), every secret value the run knows (configured tokens, client
 * secrets, private keys, tokens obtained at run time) wherever it appears and however it is encoded, and
 * patterns (JWTs, PEM private keys, plus any configured).
 */
export const REDACTED = '[REDACTED]';

export interface RedactionOptions {
  /** Extra header names to redact (case-insensitive). */
  readonly headers?: readonly string[];
  /** Extra query, form and JSON member names to redact. */
  readonly parameters?: readonly string[];
  /** Extra regular expressions (source text) whose matches are redacted. */
  readonly patterns?: readonly string[];
}

const defaultHeaders = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'apikey'];

const defaultParameters = [
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'private_key',
  'api_key',
  'apikey',
];

interface Pattern {
  readonly regex: RegExp;
  /** Text every match contains: a string without it is skipped without running the regex. */
  readonly hint?: string;
}

const defaultPatterns: readonly Pattern[] = [
  // A JWT (signed token or client assertion).
  { regex: /eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, hint: 'eyJ' },
  // A PEM private key of any kind.
  { regex: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, hint: 'PRIVATE KEY-----' },
];

/** Secrets shorter than this are not matched by value (they would redact ordinary text). */
const minimumSecretLength = 6;

/** One run's redaction rules. Secrets learnt during the run (access tokens) are added as they arrive. */
export class Redactor {
  readonly #headers: ReadonlySet<string>;
  readonly #parameters: ReadonlySet<string>;
  /** Any parameter name, case-insensitive: a body without one skips the per-member pass. */
  readonly #anyParameter: RegExp;
  readonly #patterns: readonly Pattern[];
  readonly #secrets = new Set<string>();
  /** Values already added, so learning the same token on every request costs a lookup. */
  readonly #added = new Set<string>();
  /** Credential header values already learnt, scheme and all. */
  readonly #learnt = new Set<string>();
  /** Longest first, so a secret that contains another is replaced whole. */
  #ordered: string[] = [];

  constructor(options: RedactionOptions = {}) {
    this.#headers = new Set([...defaultHeaders, ...(options.headers ?? [])].map((name) => name.toLowerCase()));
    this.#parameters = new Set([...defaultParameters, ...(options.parameters ?? [])].map((name) => name.toLowerCase()));
    this.#anyParameter = new RegExp([...this.#parameters].map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
    this.#patterns = [...defaultPatterns, ...(options.patterns ?? []).map((source) => ({ regex: new RegExp(source, 'g') }))];
  }

  /** Redacts `value` wherever it appears from now on, raw and in its URL, form, JSON and base64 encodings. */
  addSecret(value: string): void {
    if (this.#added.has(value)) return;
    this.#added.add(value);
    const trimmed = value.trim();
    if (trimmed.length < minimumSecretLength) return;
    for (const candidate of [value, trimmed, ...trimmed.split(/\r?\n/).filter((line) => line.length >= 16)]) {
      for (const variant of encodings(candidate)) {
        if (variant.length >= minimumSecretLength) this.#secrets.add(variant);
      }
    }
    this.#ordered = [...this.#secrets].sort((a, b) => b.length - a.length);
  }

  /**
   * Learns the secrets a request carries before it is sent: values of credential headers and of token
   * parameters in its URL, so an endpoint that echoes them back cannot get them into the evidence.
   */
  learn(url: string, headers: Readonly<Record<string, string>>): void {
    for (const name of Object.keys(headers)) {
      const value = headers[name];
      // The same credential rides on every request: a value seen before was learnt then.
      if (value === undefined || this.#learnt.has(value) || !this.#headers.has(name.toLowerCase())) continue;
      this.#learnt.add(value);
      this.addSecret(value.replace(/^(Bearer|Basic|Digest|Negotiate|DPoP)\s+/i, ''));
    }
    const question = url.indexOf('?');
    if (question < 0) return;
    for (const [name, value] of new URLSearchParams(url.slice(question + 1).split('#')[0])) {
      if (this.#parameters.has(name.toLowerCase())) this.addSecret(value);
    }
  }

  /** Free text: messages, bodies of unknown type. */
  text(value: string): string {
    let result = value;
    for (const secret of this.#ordered) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    for (const { regex, hint } of this.#patterns) {
      if (hint === undefined || result.includes(hint)) result = result.replace(regex, REDACTED);
    }
    return result;
  }

  url(value: string): string {
    const question = value.indexOf('?');
    if (question < 0) return this.text(value);
    const hash = value.indexOf('#', question);
    const query = hash < 0 ? value.slice(question + 1) : value.slice(question + 1, hash);
    const rest = hash < 0 ? '' : value.slice(hash);
    return this.text(`${value.slice(0, question + 1)}${this.#query(query)}${rest}`);
  }

  /** Names in sorted order, as canonical JSON writes them, so the exchange needs no reordering to be hashed. */
  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const result: Record<string, string> = {};
    const names = Object.keys(headers);
    if (names.length > 1) names.sort();
    for (const name of names) {
      const value = headers[name] ?? '';
      result[name] = this.#headers.has(name.toLowerCase()) ? redactCredential(value) : this.text(value);
    }
    return result;
  }

  /** A body, by its media type: token members of JSON and form bodies go by name, the rest by value. */
  body(value: string, contentType: string | undefined): string {
    if (!this.#anyParameter.test(value)) return this.text(value);
    const type = (contentType ?? '').toLowerCase();
    if (type.includes('application/x-www-form-urlencoded')) return this.text(this.#query(value));
    if (type.includes('json')) return this.text(this.#json(value));
    return this.text(value);
  }

  #query(query: string): string {
    return query
      .split('&')
      .map((pair) => {
        const equals = pair.indexOf('=');
        const name = decodeSafely(equals < 0 ? pair : pair.slice(0, equals));
        return equals >= 0 && this.#parameters.has(name.toLowerCase()) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
      })
      .join('&');
  }

  #json(value: string): string {
    // Token members are replaced in place so the rest of the body stays byte for byte what was sent.
    return value.replace(/"([^"\\]{1,64})"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (match, name: string, colon: string) =>
      this.#parameters.has(name.toLowerCase()) ? `"${name}"${colon}"${REDACTED}"` : match,
    );
  }
}

/** `Bearer abc` → `Bearer [REDACTED]`: the scheme stays as evidence of how the request authenticated. */
function redactCredential(value: string): string {
  const scheme = /^(Bearer|Basic|Digest|Negotiate|DPoP)\s+/i.exec(value);
  return scheme === null ? REDACTED : `${scheme[1]} ${REDACTED}`;
}

function encodings(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
  ];
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
