/** Control characters (C0 but tab and line breaks, DEL, C1): neither HTML nor XML may carry them. */
export const notPrintable = /[^\t\n\r\u0020-\u007e\u00a0-\uffff]/g;

/**
 * Escaping for text that came from an endpoint or a user (bodies, headers, messages): everything that
 * reaches an HTML page goes through here, so hostile content shows as text and never runs.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(notPrintable, '\ufffd');
}

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = string | number | Html | undefined | readonly (string | Html)[];

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new Html(out);
}

function render(value: Part): string {
  if (value === undefined) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map((item: string | Html) => render(item)).join('');
  return escapeHtml(String(value));
}

/** The Content-Security-Policy of Assay's pages: nothing loads from anywhere; only our own inline code runs. */
export function contentSecurityPolicy(scriptHash?: string): string {
  const script = scriptHash === undefined ? "'none'" : `'sha256-${scriptHash}'`;
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${script}; base-uri 'none'; form-action 'none'`;
}
