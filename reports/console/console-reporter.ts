import type { Reporter, RunEvent, RunHeader, TestResult } from '../model.js';
import { summaryLines } from './summary.js';

export interface ConsoleOptions {
  readonly out: NodeJS.WritableStream;
  /** A live progress line redrawn in place (a terminal), or one plain line per test (CI logs). */
  readonly live: boolean;
  readonly color: boolean;
  readonly now?: () => number;
}

const labels = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP', omit: 'OMIT', error: 'ERR ' } as const;
const colors = { pass: 32, fail: 31, skip: 33, omit: 90, error: 35 } as const;

/**
 * The console reporter. On a terminal: one progress line (done/total, failures so far, the test
 * running), with failures printed above it as they happen. Elsewhere: a plain line per finished test.
 * Both end with the summary: per suite and group, the rolled-up outcome, then the totals.
 */
export function consoleReporter(options: ConsoleOptions): Reporter {
  const now = options.now ?? Date.now;
  const paint = (code: number, text: string): string => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    name: 'console',
    async fold(events) {
      const started = now();
      let header: RunHeader | undefined;
      let planned = 0;
      const results: TestResult[] = [];
      const running = new Map<string, string>();
      let drawn = false;
      const clear = (): void => {
        if (drawn) options.out.write('\r\u001b[2K');
        drawn = false;
      };
      const draw = (): void => {
        if (!options.live) return;
        clear();
        const failed = results.filter((result) => result.outcome === 'fail' || result.outcome === 'error').length;
        const current = [...running.keys()].at(-1);
        const width = String(planned).length;
        const line = `[${String(results.length).padStart(width)}/${planned}] ${failed === 0 ? '0 failed' : paint(31, `${failed} failed`)}${current === undefined ? '' : ` · ${current}`}`;
        options.out.write(line.slice(0, 160));
        drawn = true;
      };
      for await (const event of events) {
        switch (event.kind) {
          case 'run-started':
            header = event.header;
            planned = event.plannedTests;
            options.out.write(`${startLine(event)}\n`);
            break;
          case 'test-started':
            running.set(event.testId, event.title);
            break;
          case 'exchange':
            continue;
          case 'test-finished': {
            running.delete(event.result.id);
            results.push(event.result);
            const result = event.result;
            const shown = !options.live || result.outcome === 'fail' || result.outcome === 'error';
            if (shown) {
              clear();
              options.out.write(`${paint(colors[result.outcome], labels[result.outcome])}  ${result.id}  ${result.durationMs} ms\n`);
              if (result.message !== undefined && result.outcome !== 'pass') options.out.write(`      ${result.message}\n`);
            }
            break;
          }
          case 'run-finished':
            clear();
            if (header !== undefined) {
              const lines = summaryLines({ header, results, summary: event.summary, complete: event.complete, seconds: (now() - started) / 1000 });
              options.out.write(`${lines.join('\n')}\n`);
            }
            continue;
        }
        draw();
      }
      clear();
    },
  };
}

function startLine(event: Extract<RunEvent, { kind: 'run-started' }>): string {
  const { header } = event;
  const suites = header.suites.map((suite) => `${suite.id} ${suite.version}`).join(', ');
  const { name, baseUrl, auth } = header.target;
  const target = name === baseUrl.replace(/\/$/, '') ? baseUrl : `${name} (${baseUrl})`;
  return `assay ${header.tool.version}: ${event.plannedTests} test${event.plannedTests === 1 ? '' : 's'} of ${suites} against ${target}, auth ${auth}`;
}
