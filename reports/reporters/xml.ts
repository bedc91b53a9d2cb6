import { notPrintable } from '../html/escape.js';

/** Text for an XML attribute or element: markup escaped, control characters (illegal in XML 1.0) replaced. */
export function xmlText(text: string): string {
  return text
    .replace(notPrintable, '\ufffd')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** An attribute value: line breaks and tabs as character references so that parsers keep them. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
