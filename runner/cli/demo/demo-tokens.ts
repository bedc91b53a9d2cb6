import { generateKeyPair, SignJWT } from 'jose';

/** The tokens the security suite's refusal checks need: against a real target only its issuer can mint them. */
export interface RefusalTokens {
  /** A token the sandbox issued two hours ago, expired by now. */
  readonly expiredToken: string;
  /** A JWT for another API, signed with a key the sandbox has never seen. */
  readonly wrongAudienceToken: string;
}

export interface DemoIssuer {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Moves the sandbox's clock, so that a token can be issued in the past. */
  readonly shiftClock: (offsetMs: number) => void;
}

const twoHoursMs = 2 * 60 * 60 * 1000;

/** The demo runs the issuer as well as the target, so it can give the security suite the tokens it needs. */
export async function mintRefusalTokens(issuer: DemoIssuer): Promise<RefusalTokens> {
  issuer.shiftClock(-twoHoursMs);
  let expiredToken: string;
  try {
    expiredToken = await clientCredentialsToken(issuer);
  } finally {
    issuer.shiftClock(0);
  }
  const { privateKey } = await generateKeyPair('ES256');
  const wrongAudienceToken = await new SignJWT({ scope: 'system/*.read' })
    .setProtectedHeader({ alg: 'ES256', kid: 'another-issuer' })
    .setIssuer(issuer.tokenUrl)
    .setAudience('https://another-api.example.nhs.uk')
    .setExpirationTime('5m')
    .sign(privateKey);
  return { expiredToken, wrongAudienceToken };
}

async function clientCredentialsToken(issuer: DemoIssuer): Promise<string> {
  const response = await fetch(issuer.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: issuer.clientId, client_secret: issuer.clientSecret }),
  });
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new Error(`the demo sandbox's token endpoint answered ${response.status} without a token`);
  return body.access_token;
}
