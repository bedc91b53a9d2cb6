import { runCli } from './cli.js';

// Sets the exit code rather than calling process.exit, so pending output is flushed first.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
