/**
 * Signs that an error body discloses server internals (CWE-209): stack traces of the common runtimes,
 * database errors and framework debug pages. Each sign has a name for the failure message.
 */
export const leakSigns: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'a Java stack trace', pattern: /\bat (?:[\w$]+\.)+[\w$<>]+\([\w$]+\.java:\d+\)|\bjava\.lang\.\w+(?:Exception|Error)\b|Exception in thread "/ },
  { name: 'a .NET stack trace', pattern: /\bat [\w.`<>]+\(.*\) in .+:line \d+|\bSystem\.(?:\w+\.)*\w+Exception\b/ },
  { name: 'a Node.js stack trace', pattern: /\bat (?:.+ \()?(?:\/|[A-Za-z]:\\|node:|file:\/\/)[^\s)]*:\d+:\d+\)?/ },
  { name: 'a Python traceback', pattern: /Traceback \(most recent call last\)|File "[^"]+", line \d+, in / },
  { name: 'a PHP error', pattern: /(?:Fatal error|Warning|Parse error): .* in \/\S+ on line \d+|Stack trace:\s*#0 / },
  { name: 'a Ruby backtrace', pattern: /\.rb:\d+:in [`']/ },
  { name: 'a Go panic', pattern: /goroutine \d+ \[running\]|\bpanic: / },
  {
    name: 'a database error',
    pattern: /SQLSTATE\[|\bORA-\d{5}\b|syntax error at or near|You have an error in your SQL syntax|\bPSQLException\b|\bSqlException\b|SQLITE_ERROR|\bMongo(?:Server)?Error\b/,
  },
  { name: 'a framework debug page', pattern: /Whitelabel Error Page|Werkzeug Debugger|DEBUG = True|Django Version:|<title>Error<\/title>[\s\S]*\bat Layer\.handle\b/ },
];

/** The names of the leak signs a text shows. */
export function leaksIn(text: string): string[] {
  return leakSigns.filter((sign) => sign.pattern.test(text)).map((sign) => sign.name);
}
