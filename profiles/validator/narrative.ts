/**
 * The rules for Narrative.div (xhtml): well-formed XML, one `div` root in the XHTML namespace, only the
 * basic HTML 4.0 formatting elements (chapters 7-11 except 9.4, and 15; links, images, tables, lists), no
 * event attributes or scripts, no entities beyond XML's own, and some content (txt-1, txt-2).
 */
const allowedElements = new Set([
  'p', 'br', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a', 'span', 'b', 'em', 'i', 'strong', 'small', 'big', 'tt',
  'dfn', 'q', 'var', 'abbr', 'acronym', 'cite', 'blockquote', 'hr', 'address', 'bdo', 'kbd', 'sub', 'sup', 'ul',
  'ol', 'li', 'dl', 'dt', 'dd', 'pre', 'table', 'caption', 'colgroup', 'col', 'thead', 'tr', 'tfoot', 'tbody', 'th',
  'td', 'code', 'samp', 'img', 'map', 'area', 'u', 's', 'strike', 'font', 'center', 'basefont',
]);

const allowedAttributes = new Set([
  'title', 'style', 'class', 'id', 'lang', 'xml:lang', 'dir', 'accesskey', 'tabindex', 'xmlns', 'href', 'name',
  'hreflang', 'rel', 'rev', 'type', 'charset', 'shape', 'coords', 'target', 'src', 'alt', 'longdesc', 'height',
  'width', 'usemap', 'ismap', 'border', 'hspace', 'vspace', 'align', 'valign', 'summary', 'frame', 'rules',
  'cellspacing', 'cellpadding', 'bgcolor', 'span', 'char', 'charoff', 'abbr', 'axis', 'headers', 'scope',
  'rowspan', 'colspan', 'nowrap', 'start', 'value', 'compact', 'cite', 'datetime', 'nohref', 'clear', 'noshade',
  'size', 'color', 'face', 'xml:space',
]);

const xmlEntities = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);
const xhtmlNamespace = 'http://www.w3.org/1999/xhtml';

export interface XhtmlReport {
  /** Problems with the markup itself: well-formedness, root, namespace, elements, attributes, entities (txt-1). */
  readonly problems: readonly string[];
  /** Whether there is any non-whitespace text or an image (txt-2). */
  readonly hasContent: boolean;
}

/** The report on a narrative, computed once per validation. */
export function xhtmlReport(cache: Map<string, XhtmlReport>, div: string): XhtmlReport {
  let report = cache.get(div);
  if (report === undefined) {
    report = checkXhtml(div);
    cache.set(div, report);
  }
  return report;
}

/**
 * Checks an xhtml value as narrative, in one pass: a small XML scanner (elements, attributes, text,
 * comments, CDATA, character and entity references) that checks well-formedness as it goes.
 */
export function checkXhtml(div: string): XhtmlReport {
  const problems: string[] = [];
  const stack: string[] = [];
  let hasContent = false;
  let roots = 0;
  let i = 0;
  const fail = (message: string): XhtmlReport => ({ problems: [...problems, `The XHTML is not well-formed XML: ${message}`], hasContent });
  while (i < div.length) {
    const lt = div.indexOf('<', i);
    const textEnd = lt < 0 ? div.length : lt;
    // Text with something besides whitespace (as trim() reads it), found without copying every text node.
    nonSpace.lastIndex = i;
    if (nonSpace.test(div) && nonSpace.lastIndex <= textEnd) {
      if (stack.length === 0) return fail('text outside the root element');
      hasContent = true;
      const amp = div.indexOf('&', i);
      const bad = amp >= 0 && amp < textEnd ? checkReferences(div.slice(i, textEnd), problems) : undefined;
      if (bad !== undefined) return fail(bad);
    }
    if (lt < 0) break;
    if (div.startsWith('<!--', lt)) {
      const close = div.indexOf('-->', lt + 4);
      if (close < 0) return fail('unterminated comment');
      i = close + 3;
    } else if (div.startsWith('<![CDATA[', lt)) {
      const close = div.indexOf(']]>', lt + 9);
      if (close < 0 || stack.length === 0) return fail('unterminated or misplaced CDATA section');
      if (div.slice(lt + 9, close).trim() !== '') hasContent = true;
      i = close + 3;
    } else if (div.startsWith('<?', lt)) {
      const close = div.indexOf('?>', lt + 2);
      if (close < 0) return fail('unterminated processing instruction');
      i = close + 2;
    } else if (div.startsWith('</', lt)) {
      closingTag.lastIndex = lt;
      const match = closingTag.exec(div);
      if (match === null) return fail(`malformed closing tag at offset ${lt}`);
      const open = stack.pop();
      if (open !== match[1]) return fail(`expected </${open ?? ''}> but found </${match[1] ?? ''}>`);
      i = closingTag.lastIndex;
    } else {
      const tag = scanTag(div, lt);
      if (typeof tag === 'string') return fail(tag);
      if (stack.length === 0) {
        roots++;
        if (roots > 1) return fail('more than one root element');
        if (tag.name !== 'div') problems.push('The narrative must be a single <div> element');
        if (tag.attributes.get('xmlns') !== xhtmlNamespace) {
          problems.push(`Wrong namespace on the XHTML ('${tag.attributes.get('xmlns') ?? ''}'): it must be ${xhtmlNamespace}`);
        }
      }
      checkElement(tag, problems);
      if (tag.name === 'img') hasContent = true;
      for (const value of tag.attributes.values()) {
        const bad = checkReferences(value, problems);
        if (bad !== undefined) return fail(bad);
      }
      if (!tag.selfClosing) stack.push(tag.name);
      i = tag.end;
    }
  }
  if (stack.length > 0) return fail(`<${stack[stack.length - 1] ?? ''}> is not closed`);
  if (roots === 0) problems.push('The narrative must be a single <div> element');
  return { problems, hasContent };
}

interface Tag {
  readonly name: string;
  readonly attributes: Map<string, string>;
  readonly selfClosing: boolean;
  readonly end: number;
}

// Expressions matched in place from lastIndex (no copy of the text), made once: the scanner meets every tag of every narrative.
const nonSpace = /\S/g;
const closingTag = /<\/([A-Za-z_][-A-Za-z0-9_.:]*)\s*>/y;
const tagName = /<([A-Za-z_][-A-Za-z0-9_.:]*)/y;
const attribute = /\s+([A-Za-z_:][-A-Za-z0-9_.:]*)\s*=\s*("[^"<]*"|'[^'<]*')/y;
const end = /\s*(\/?)>/y;
const reference = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/y;

function scanTag(div: string, start: number): Tag | string {
  tagName.lastIndex = start;
  const nameMatch = tagName.exec(div);
  if (nameMatch === null) return `a '<' that starts no tag at offset ${start}`;
  const name = nameMatch[1] ?? '';
  const attributes = new Map<string, string>();
  let position = tagName.lastIndex;
  for (;;) {
    end.lastIndex = position;
    const closing = end.exec(div);
    if (closing !== null) return { name, attributes, selfClosing: closing[1] === '/', end: end.lastIndex };
    attribute.lastIndex = position;
    const found = attribute.exec(div);
    if (found === null) return `malformed attribute in <${name}> at offset ${position}`;
    const attributeName = found[1] ?? '';
    if (attributes.has(attributeName)) return `duplicate attribute '${attributeName}' on <${name}>`;
    attributes.set(attributeName, (found[2] ?? '""').slice(1, -1));
    position = attribute.lastIndex;
  }
}

/** Character references must be well-formed and entity references XML's own (XHTML has no DTD here). */
function checkReferences(text: string, problems: string[]): string | undefined {
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', amp + 1)) {
    reference.lastIndex = amp;
    const match = reference.exec(text);
    if (match === null) return `a '&' that starts no character or entity reference`;
    const name = match[1] ?? '';
    if (!name.startsWith('#') && !xmlEntities.has(name)) problems.push(`Invalid entity in the XHTML ('&${name};'): only XML's own entities and character references are allowed`);
  }
  return undefined;
}

function checkElement(tag: Tag, problems: string[]): void {
  if (!allowedElements.has(tag.name)) problems.push(`Illegal element name in the XHTML ('${tag.name}')`);
  for (const [attribute, value] of tag.attributes) {
    if (!allowedAttributes.has(attribute) && !attribute.startsWith('xmlns:')) problems.push(`Illegal attribute name in the XHTML ('${attribute}' on '${tag.name}')`);
    if ((attribute === 'href' || attribute === 'src') && /^\s*(javascript|vbscript|data\s*:\s*text\/html)/i.test(value)) {
      problems.push(`The ${attribute} '${value}' on '${tag.name}' uses a scheme that is not allowed in narrative`);
    }
  }
}
