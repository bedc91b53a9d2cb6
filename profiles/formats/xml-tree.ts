/** An XML element, with where it sits in the source text (so a part can be kept verbatim, like XHTML). */
export interface XmlElement {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlNode[];
  readonly start: number;
  readonly end: number;
}

export type XmlNode = XmlElement | { readonly text: string };

export function isElement(node: XmlNode): node is XmlElement {
  return 'name' in node;
}

const predefined: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * A small, strict XML parser: elements, attributes, text, comments, CDATA, processing instructions,
 * character and predefined entity references, namespaces. A DOCTYPE is refused (FHIR XML has none, and DTDs
 * are how entity expansion attacks come in). Throws an Error with the position on malformed XML.
 */
export function parseXml(text: string): XmlElement {
  const parser = new Parser(text);
  return parser.document();
}

interface Frame {
  readonly name: string;
  readonly namespaces: ReadonlyMap<string, string>;
}

class Parser {
  #i = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  document(): XmlElement {
    this.#misc();
    if (this.#text.startsWith('<!DOCTYPE', this.#i)) this.#fail('a DOCTYPE is not allowed in FHIR XML');
    if (this.#text.charAt(this.#i) !== '<') this.#fail('expected the root element');
    const root = this.#element({ name: '', namespaces: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) });
    this.#misc();
    if (this.#i < this.#text.length) this.#fail('content after the root element');
    return root;
  }

  /** Whitespace, comments and processing instructions between top-level parts. */
  #misc(): void {
    for (;;) {
      while (/\s/.test(this.#text.charAt(this.#i))) this.#i++;
      if (this.#text.startsWith('<?', this.#i)) this.#skipPast('?>');
      else if (this.#text.startsWith('<!--', this.#i)) this.#skipPast('-->');
      else return;
    }
  }

  #element(parent: Frame): XmlElement {
    const start = this.#i;
    const tag = /^<([A-Za-z_][-A-Za-z0-9_.]*(?::[A-Za-z_][-A-Za-z0-9_.]*)?)/.exec(this.#text.slice(this.#i, this.#i + 200));
    if (tag === null) this.#fail("a '<' that starts no element");
    const qname = tag[1] ?? '';
    this.#i += tag[0].length;
    const raw = new Map<string, string>();
    const attribute = /\s+([A-Za-z_][-A-Za-z0-9_.]*(?::[A-Za-z_][-A-Za-z0-9_.]*)?)\s*=\s*("[^"<]*"|'[^'<]*')/y;
    const close = /\s*(\/?)>/y;
    let selfClosing: boolean;
    for (;;) {
      close.lastIndex = this.#i;
      const closing = close.exec(this.#text);
      if (closing !== null) {
        selfClosing = closing[1] === '/';
        this.#i = close.lastIndex;
        break;
      }
      attribute.lastIndex = this.#i;
      const found = attribute.exec(this.#text);
      if (found === null) this.#fail(`malformed attribute in <${qname}>`);
      const name = found[1] ?? '';
      if (raw.has(name)) this.#fail(`duplicate attribute '${name}' on <${qname}>`);
      raw.set(name, this.#decode((found[2] ?? '""').slice(1, -1)));
      this.#i = attribute.lastIndex;
    }
    const namespaces = new Map(parent.namespaces);
    const attributes = new Map<string, string>();
    for (const [name, value] of raw) {
      if (name === 'xmlns') namespaces.set('', value);
      else if (name.startsWith('xmlns:')) namespaces.set(name.slice(6), value);
      else attributes.set(name, value);
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const name = colon < 0 ? qname : qname.slice(colon + 1);
    if (prefix !== '' && !namespaces.has(prefix)) this.#fail(`undeclared namespace prefix '${prefix}' on <${qname}>`);
    const frame: Frame = { name: qname, namespaces };
    const children: XmlNode[] = [];
    if (!selfClosing) this.#content(frame, children);
    return { name, namespace: namespaces.get(prefix), attributes, children, start, end: this.#i };
  }

  #content(frame: Frame, children: XmlNode[]): void {
    for (;;) {
      const lt = this.#text.indexOf('<', this.#i);
      if (lt < 0) this.#fail(`<${frame.name}> is not closed`);
      if (lt > this.#i) children.push({ text: this.#decode(this.#text.slice(this.#i, lt)) });
      this.#i = lt;
      if (this.#text.startsWith('</', lt)) {
        const end = /^<\/([^\s>]+)\s*>/.exec(this.#text.slice(lt, lt + 200));
        if (end === null || end[1] !== frame.name) this.#fail(`expected </${frame.name}>`);
        this.#i = lt + end[0].length;
        return;
      }
      if (this.#text.startsWith('<!--', lt)) this.#skipPast('-->');
      else if (this.#text.startsWith('<![CDATA[', lt)) {
        const close = this.#text.indexOf(']]>', lt);
        if (close < 0) this.#fail('unterminated CDATA section');
        children.push({ text: this.#text.slice(lt + 9, close) });
        this.#i = close + 3;
      } else if (this.#text.startsWith('<?', lt)) this.#skipPast('?>');
      else children.push(this.#element(frame));
    }
  }

  #decode(text: string): string {
    return text.replace(/&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|&/g, (match, ref: string | undefined) => {
      if (ref === undefined) this.#fail("a '&' that starts no reference");
      if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
      const value = predefined[ref];
      if (value === undefined) this.#fail(`unknown entity '&${ref};'`);
      return value ?? match;
    });
  }

  #skipPast(marker: string): void {
    const at = this.#text.indexOf(marker, this.#i);
    if (at < 0) this.#fail(`unterminated ${marker === '-->' ? 'comment' : 'processing instruction'}`);
    this.#i = at + marker.length;
  }

  #fail(message: string): never {
    const before = this.#text.slice(0, this.#i);
    const line = before.split('\n').length;
    throw new Error(`${message} (line ${line}, column ${this.#i - before.lastIndexOf('\n')})`);
  }
}
