// Certificates: build, sign, render and verify.
export type { AssessmentMethod, Certificate, CertificateRequirement, CertificateSubject, IssueOptions } from './certificate.js';
export { defaultValidDays, describeSubject, notStated } from './certificate.js';
export { certificateHtml } from './certificate-html.js';
export type { CertificateFiles } from './certificate-files.js';
export { certificatePagePath, describeIssuedCertificate, writeCertificateFiles } from './certificate-files.js';
export type { IssuedCertificate } from './issue.js';
export { issueCertificate } from './issue.js';
export type { Jwks } from './jwks.js';
export { readJwks } from './jwks.js';
export { readCertificate, decodeCertificate } from './read-certificate.js';
export type { GeneratedKeyPair, PublicJwk, Signer, SigningAlgorithm } from './signing-key.js';
export { generateSigningKey, readSigningKey, signerFromJwk } from './signing-key.js';
export { verificationCode } from './verification-code.js';
export type { CertificateVerifier, RejectionReason, Verification, VerifyOptions } from './verify.js';
export { certificateVerifier, verifyCertificate } from './verify.js';
