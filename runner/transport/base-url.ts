/** Where a request goes: the origin, the path with its query, and the whole URL. */
export interface Resolved {
  readonly origin: string;
  readonly path: string;
  readonly href: string;
}

// A reference the URL parser would leave as it is: path segments of plain characters (no scheme, no
// leading slash, no empty, `.` or `..` segment, nothing it would percent-encode), then an optional
// plain query. Segments are separated by a required `/`, so the pattern cannot backtrack badly.
const plainPath = /^[A-Za-z0-9\-_.~!$&()*+,;=@]+(?:\/[A-Za-z0-9\-_.~!$&()*+,;=@]+)*\/?$/;
const dotSegment = /(?:^|\/)\.{1,2}(?:\/|$)/;
const plainQuery = /^[A-Za-z0-9\-_.~!$&()*+,;=:@/?%]*$/;

/**
 * A client's base URL, parsed once. The references suites write (`Patient/9000000009`,
 * `Patient?family=Smith&_count=5`) resolve by appending them to the base, exactly as the URL parser
 * would, without parsing two URLs per request; anything else (absolute URLs, `../`, characters to
 * escape) goes through the parser.
 */
export class BaseUrl {
  readonly #base: URL;
  /** Origin and path of the base, when appending to it is exact: no credentials, query or fragment, and a path ending in `/`. */
  readonly #prefix: string | undefined;

  constructor(base: string) {
    this.#base = new URL(base);
    const plain = `${this.#base.origin}${this.#base.pathname}`;
    this.#prefix = this.#base.href === plain && plain.endsWith('/') ? plain : undefined;
  }

  resolve(reference: string): Resolved {
    if (this.#prefix !== undefined && appendable(reference)) {
      return { origin: this.#base.origin, path: `${this.#base.pathname}${reference}`, href: `${this.#prefix}${reference}` };
    }
    const url = new URL(reference, this.#base);
    return { origin: url.origin, path: `${url.pathname}${url.search}`, href: url.href };
  }
}

function appendable(reference: string): boolean {
  const question = reference.indexOf('?');
  const path = question < 0 ? reference : reference.slice(0, question);
  return plainPath.test(path) && !dotSegment.test(path) && (question < 0 || plainQuery.test(reference.slice(question + 1)));
}
