import * as crypto from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { GatewayError } from './errors';

export interface Caller {
  /** Entra object id (`oid`), or the application id for app-only tokens without one. */
  readonly id: string;
  readonly roles: readonly string[];
}

/** What authentication reads of a request (a web Request is one). */
export interface HeaderSource {
  readonly headers: { get(name: string): string | null };
}

export interface Authenticator {
  /** `requireRole: false` accepts any valid token (e.g. /usage, open to every authenticated caller). */
  authenticate(request: HeaderSource, options?: { requireRole?: boolean }): Promise<Caller>;
}

export interface EntraAuthOptions {
  readonly issuers: readonly string[];
  readonly audiences: readonly string[];
  /** JWKS endpoint, or a key resolver (tests). */
  readonly jwks: string | JWTVerifyGetKey;
  /** App role every caller must hold (from the gateway's app registration). */
  readonly requiredRole?: string;
  /** How long a JWKS fetch may take before the call is answered 503. @default 5000 */
  readonly jwksTimeoutMs?: number;
  /**
   * Verified tokens are remembered (by a SHA-256 of the token, never the token) with the caller
   * they name, until the token expires or `cacheMaxAgeMs` passes, whichever is first, so a
   * client's repeated calls cost one signature check. Only a token that passed every check enters.
   * @default 10000 entries, 600000 ms (the JWKS cache age)
   */
  readonly cacheSize?: number;
  readonly cacheMaxAgeMs?: number;
  readonly clock?: () => number;
  /** Accepted signature algorithms. Entra signs access tokens with RS256. */
  readonly algorithms?: readonly string[];
}

/** SHA-256 of a token, base64url: one-shot crypto.hash where the runtime has it (Node.js >= 20.12), without a Hash object per call. */
const tokenKey: (token: string) => string =
  typeof crypto.hash === 'function' ? (t) => crypto.hash('sha256', t, 'base64url') : (t) => crypto.createHash('sha256').update(t).digest('base64url');

const unauthorized = (message: string) =>
  new GatewayError(401, 'invalid_token', message, 'authentication_error', { 'www-authenticate': 'Bearer error="invalid_token"' });

/** Validates Entra ID access tokens: signature against the tenant's JWKS, issuer, audience, expiry, alg allow-list. */
export function entraAuthenticator(options: EntraAuthOptions): Authenticator {
  const keys = typeof options.jwks === 'string' ? createRemoteJWKSet(new URL(options.jwks), { cooldownDuration: 30_000, cacheMaxAge: 600_000, timeoutDuration: options.jwksTimeoutMs ?? 5000 }) : options.jwks;
  const algorithms = [...(options.algorithms ?? ['RS256'])];
  const clock = options.clock ?? Date.now;
  const cacheSize = options.cacheSize ?? 10_000;
  const cacheMaxAgeMs = options.cacheMaxAgeMs ?? 600_000;
  /** Map keeps insertion order: a hit is moved to the end, the oldest entry is evicted first. */
  const verified = new Map<string, { caller: Caller; until: number }>();

  async function verify(token: string): Promise<Caller> {
    const key = tokenKey(token);
    const now = clock();
    const hit = verified.get(key);
    if (hit) {
      verified.delete(key);
      if (hit.until > now) {
        verified.set(key, hit);
        return hit.caller;
      }
    }
    const { caller, exp } = await verifyToken(token, new Date(now));
    // Until the token's own expiry (without the clock tolerance), never longer than the max age.
    const until = Math.min(exp * 1000, now + cacheMaxAgeMs);
    if (until > now && cacheSize > 0) {
      verified.set(key, { caller, until });
      if (verified.size > cacheSize) verified.delete(verified.keys().next().value as string);
    }
    return caller;
  }

  async function verifyToken(token: string, currentDate: Date): Promise<{ caller: Caller; exp: number }> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: [...options.issuers],
        audience: [...options.audiences],
        algorithms,
        clockTolerance: 60,
        requiredClaims: ['exp'],
        currentDate,
      }));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw unauthorized('the token has expired');
      if (e instanceof joseErrors.JWTClaimValidationFailed) throw unauthorized(`the token's ${e.claim} claim is not accepted`);
      if (e instanceof joseErrors.JOSEAlgNotAllowed) throw unauthorized('the token is not signed with an accepted algorithm');
      if (e instanceof joseErrors.JWKSNoMatchingKey || e instanceof joseErrors.JWSSignatureVerificationFailed) throw unauthorized('the token signature is not valid');
      // The key endpoint failing (5xx, not JSON, not a key set, timeout, unreachable) says nothing
      // about the token: 503 with retry-after, so clients retry instead of dropping credentials.
      // jose throws a bare JOSEError (code ERR_JOSE_GENERIC) only from its JWKS fetch
      // (jose/dist/node/cjs/runtime/fetch_jwks.js: non-200 status, unparsable body).
      if (
        e instanceof joseErrors.JWKSTimeout ||
        e instanceof joseErrors.JWKSInvalid ||
        !(e instanceof joseErrors.JOSEError) ||
        (e as { code?: string }).code === 'ERR_JOSE_GENERIC'
      ) {
        throw new GatewayError(503, 'identity_provider_unavailable', 'token signing keys could not be fetched; retry shortly', 'server_error', { 'retry-after': '5' });
      }
      throw unauthorized('the token is not valid');
    }
    const id = [payload.oid, payload.appid, payload.azp, payload.sub].find((v): v is string => typeof v === 'string' && v.length > 0);
    if (!id) throw unauthorized('the token names no caller (oid, appid or sub)');
    const roles = Array.isArray(payload.roles) ? (payload.roles as unknown[]).filter((r): r is string => typeof r === 'string') : [];
    return { caller: { id, roles }, exp: payload.exp as number };
  }

  return {
    async authenticate(request: HeaderSource, { requireRole = true }: { requireRole?: boolean } = {}): Promise<Caller> {
      const header = request.headers.get('authorization') ?? '';
      const m = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
      if (!m) throw new GatewayError(401, 'missing_token', 'an Entra ID bearer token is required', 'authentication_error', { 'www-authenticate': 'Bearer' });
      const { id, roles } = await verify(m[1]);
      if (requireRole && options.requiredRole && !roles.includes(options.requiredRole)) {
        throw new GatewayError(403, 'permission_denied', `the caller lacks the app role "${options.requiredRole}"`, 'permission_error');
      }
      return { id, roles };
    },
  };
}

/** For loopback development only: every caller is "anonymous". Refused in Azure by configuration. */
export const noAuthenticator: Authenticator = {
  async authenticate(): Promise<Caller> {
    return { id: 'anonymous', roles: [] };
  },
};
