/**
 * What the clean sandbox gets wrong today, found by these suites and reported to the sandbox room: each
 * entry is a test that fails against the clean sandbox, with why. The clean-run test asserts each still
 * fails with that finding (so a fix shows up as a test to delete here) and that nothing else fails; the
 * defect table subtracts them from "failures elsewhere".
 */
export const knownSandboxFindings: Readonly<Record<string, { readonly finding: RegExp; readonly why: string }>> = {
};
