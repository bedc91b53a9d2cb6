/**
 * Test id patterns: `*` matches within one segment of `<suite>/<group>/<test>`, `**` across segments. A
 * pattern also selects everything under it, so `demo-rest/read` selects every test of that group.
 */
export function idMatcher(pattern: string): (id: string) => boolean {
  const source = pattern
    .split('**')
    .map((part) => part.split('*').map(escape).join('[^/]*'))
    .join('.*');
  const regex = new RegExp(`^${source}(?:/.*)?$`);
  return (id) => regex.test(id);
}

function escape(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
