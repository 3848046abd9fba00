// The test EHR's authorization server: the real oidc-provider (OpenID Certified), configured
// for SMART App Launch: SMART scopes, PKCE (S256) for the public viewer client, launch context
// in the token response, short-lived opaque access tokens with rotating refresh tokens,
// introspection (for the archive guard) and revocation.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import { isLoopbackOrigin, launchContextFields, SMART_SCOPES } from './smart-configuration.mjs';

export const VIEWER_CLIENT_ID = 'longview-viewer';
export const GUARD_CLIENT_ID = 'longview-archive-guard';
export const DEFAULT_ACCESS_TOKEN_TTL_S = 300;
const REFRESH_TOKEN_TTL_S = 8 * 3600;

/**
 * The synthetic clinician every sign-in is (a test EHR has one user). `fhirUser` is the id token's
 * claim; the FHIR endpoint serves that Practitioner, with `name`, to the user's own tokens.
 */
export const TEST_USER = {
  accountId: 'practitioner-test',
  fhirUser: 'Practitioner/practitioner-test',
  name: { use: 'official', family: 'Okafor', given: ['Ngozi'], prefix: ['Dr'] },
  display: 'Dr Ngozi Okafor',
};


/**
 * `grantContexts`: grantId → { patient, studyUid?, accessTokenTtlS } bound at the consent step
 * (ehr.mjs). `stats`: counters of token requests per grant type, read by the e2e test.
 */
export function createSmartProvider({ issuer, guardClientSecret, grantContexts, stats }) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: VIEWER_CLIENT_ID,
        // A browser app with no secret: PKCE protects its code. Registered as a loopback
        // (RFC 8252 §7.3) client so any 127.0.0.1 port may receive the code: the viewer runs on
        // 5173 (demo), 5174 (e2e) or an engineer's own port. A real EHR registers the exact URI.
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/launch/callback', 'http://localhost/launch/callback'],
      },
      {
        // The archive guard introspects the tokens it is shown.
        client_id: GUARD_CLIENT_ID,
        client_secret: guardClientSecret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'longview-ehr-rs256', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: SMART_SCOPES,
    claims: { openid: ['sub'], fhirUser: ['fhirUser'] },
    // SMART App Launch: the fhirUser claim is in the id token, where fhirclient's client.user
    // reads it. OpenID Connect's default here would leave it to the userinfo endpoint only.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    // fhirclient sends the FHIR base as `aud` and the EHR's launch handle as `launch`.
    extraParams: ['launch', 'aud'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
    },
    clientBasedCORS: (_ctx, origin) => isLoopbackOrigin(origin),
    // Every authorization goes through the consent step, where its launch context is bound to a
    // fresh grant: only the grant of this interaction's result counts. Reusing the session's
    // earlier grant would reuse an earlier launch's patient.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) =>
      sub === TEST_USER.accountId ? { accountId: sub, claims: async () => ({ sub, fhirUser: TEST_USER.fhirUser }) } : undefined,
    ttl: {
      AccessToken: (_ctx, token) => grantContexts.get(token.grantId)?.accessTokenTtlS ?? DEFAULT_ACCESS_TOKEN_TTL_S,
      RefreshToken: REFRESH_TOKEN_TTL_S,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: REFRESH_TOKEN_TTL_S,
      IdToken: 3600,
    },
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
  });
  provider.proxy = false;

  // OpenID Connect honours offline_access only with prompt=consent (Core §11), and oidc-provider
  // drops it otherwise; SMART clients (fhirclient) ask for offline_access without a prompt. Every
  // authorization here shows the consent page anyway (loadExistingGrant), so say so explicitly.
  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth' && ctx.method === 'GET' && String(ctx.query.scope ?? '').split(' ').includes('offline_access') && !ctx.query.prompt) {
      ctx.query = { ...ctx.query, prompt: 'consent' };
    }
    await next();
  });

  // SMART puts the launch context beside the tokens in the token response; oidc-provider has no
  // hook for extra response fields, so add them once the response is built.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token/revocation' && ctx.method === 'POST' && ctx.status === 200) stats.revocations += 1;
    if (ctx.path !== '/token' || ctx.method !== 'POST') return;
    const grantType = ctx.oidc?.params?.grant_type ?? 'unknown';
    const outcome = ctx.status === 200 ? 'issued' : 'refused';
    stats.token[`${grantType}:${outcome}`] = (stats.token[`${grantType}:${outcome}`] ?? 0) + 1;
    // The error code and its description say why without repeating the request (no token).
    if (outcome === 'refused') console.error(JSON.stringify({ event: 'token-refused', grantType, error: ctx.body?.error, description: ctx.body?.error_description }));
    if (ctx.status !== 200 || typeof ctx.body?.access_token !== 'string') return;
    const token = await provider.AccessToken.find(ctx.body.access_token);
    Object.assign(ctx.body, launchContextFields(grantContexts.get(token?.grantId)));
  });
  return provider;
}

/**
 * The access token of an `Authorization: Bearer` header if it is active (not expired, not
 * revoked), with its grant's launch context and its user's FHIR resource reference; else undefined.
 */
export async function activeAccessToken(provider, grantContexts, authorization) {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
  if (!match) return undefined;
  const token = await provider.AccessToken.find(match[1]);
  if (!token || token.isExpired) return undefined;
  const fhirUser = token.accountId === TEST_USER.accountId ? TEST_USER.fhirUser : undefined;
  return { scope: token.scope ?? '', context: grantContexts.get(token.grantId), fhirUser };
}
