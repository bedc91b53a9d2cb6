import { createHash } from 'node:crypto';
import type { Html } from './escape.js';
import { contentSecurityPolicy, html, Html as RawHtml } from './escape.js';
import { baseStyle } from './style.js';

export interface Page {
  readonly title: string;
  /** CSS added to the shared NHS.UK-style sheet. */
  readonly style: string;
  readonly header: Html;
  readonly main: Html;
  /** The one inline script the page runs, allowed by its hash; none by default. */
  readonly script?: string;
}

/** A whole self-contained page: inline style, optional inline script, and a CSP that loads nothing. */
export function htmlPage(page: Page): string {
  const hash = page.script === undefined ? undefined : createHash('sha256').update(page.script).digest('base64');
  return html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(hash)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<style>${new RawHtml(baseStyle + page.style)}</style>
</head>
<body>
<header class="header">${page.header}</header>
<main>
${page.main}
</main>
${page.script === undefined ? '' : html`<script>${new RawHtml(page.script)}</script>`}
</body>
</html>
`.text;
}
