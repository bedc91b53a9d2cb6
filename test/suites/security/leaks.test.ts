import { expect } from 'chai';
import { leaksIn } from '../../../suites/security/leaks.js';

describe('signs of leaked server internals', () => {
  it('recognises stack traces of the common runtimes and database errors', () => {
    const node = JSON.stringify({ error: 'TypeError: x is undefined\n    at handler (/srv/app/routes/patient.js:42:13)\n    at Layer.handle' });
    expect(leaksIn(node)).to.deep.equal(['a Node.js stack trace']);
    expect(leaksIn('java.lang.NullPointerException\n\tat org.hl7.fhir.Server.read(Server.java:120)')).to.deep.equal(['a Java stack trace']);
    expect(leaksIn('Traceback (most recent call last):\n  File "/app/main.py", line 3, in <module>')).to.deep.equal(['a Python traceback']);
    expect(leaksIn('System.NullReferenceException: Object reference not set')).to.deep.equal(['a .NET stack trace']);
    expect(leaksIn('ERROR: syntax error at or near "OR" (SQLSTATE[42601])')).to.deep.equal(['a database error']);
    expect(leaksIn('goroutine 1 [running]:\nmain.main()')).to.deep.equal(['a Go panic']);
  });

  it('passes a plain OperationOutcome', () => {
    const body = JSON.stringify({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', diagnostics: 'Patient/123 is not known at this server (see 2024-01-01T10:00:00Z)' }],
    });
    expect(leaksIn(body)).to.deep.equal([]);
  });
});
