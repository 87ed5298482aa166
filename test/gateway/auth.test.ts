import { importJWK, type JWTVerifyGetKey } from 'jose';
import { entraAuthenticator } from '../../function/src/core/auth';
import { LoopbackIssuer } from '../helpers/issuer';

let issuer: LoopbackIssuer;
beforeAll(async () => {
  issuer = await new LoopbackIssuer().start();
});
afterAll(async () => issuer?.stop());

const request = (token: string) => new Request('http://gw/usage', { headers: { authorization: `Bearer ${token}` } });

/** The issuer's key, counting how often a signature is checked against it. */
async function countingKeys(): Promise<{ keys: JWTVerifyGetKey; checks: () => number }> {
  const { keys: [jwk] } = (await (await fetch(issuer.jwksUri)).json()) as { keys: Record<string, unknown>[] };
  const key = await importJWK(jwk as never, 'RS256');
  let n = 0;
  return { keys: async () => (n++, key as never), checks: () => n };
}

describe('verified-token cache', () => {
  it('checks a token’s signature once, then serves its caller until the token expires', async () => {
    let now = Date.now();
    const { keys, checks } = await countingKeys();
    const auth = entraAuthenticator({ issuers: [issuer.issuer], audiences: [issuer.audience], jwks: keys, requiredRole: 'Gateway.Invoke', clock: () => now });
    const token = await issuer.token({ oid: 'alice', expiresIn: Math.floor(now / 1000) + 120 });
    for (let i = 0; i < 5; i++) expect(await auth.authenticate(request(token))).toEqual({ id: 'alice', roles: ['Gateway.Invoke'] });
    expect(checks()).toBe(1);
    now += 181_000; // past exp and jose's 60 s tolerance: verified again, and refused
    await expect(auth.authenticate(request(token))).rejects.toMatchObject({ status: 401, code: 'invalid_token' });
    expect(checks()).toBe(2);
  });

  it('never caches a token that failed, and still applies the role check to a cached caller', async () => {
    const { keys, checks } = await countingKeys();
    const auth = entraAuthenticator({ issuers: [issuer.issuer], audiences: [issuer.audience], jwks: keys, requiredRole: 'Gateway.Invoke' });
    const forged = await issuer.token({ wrongKey: true });
    for (let i = 0; i < 3; i++) await expect(auth.authenticate(request(forged))).rejects.toMatchObject({ status: 401 });
    expect(checks()).toBe(3);
    const roleless = await issuer.token({ roles: [] });
    await expect(auth.authenticate(request(roleless), { requireRole: false })).resolves.toMatchObject({ roles: [] });
    await expect(auth.authenticate(request(roleless))).rejects.toMatchObject({ status: 403, code: 'permission_denied' });
    expect(checks()).toBe(4);
  });

  it('holds at most cacheSize tokens, evicting the least recently used', async () => {
    const { keys, checks } = await countingKeys();
    const auth = entraAuthenticator({ issuers: [issuer.issuer], audiences: [issuer.audience], jwks: keys, cacheSize: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((oid) => issuer.token({ oid })));
    await auth.authenticate(request(a));
    await auth.authenticate(request(b));
    await auth.authenticate(request(a)); // a is now the most recent
    await auth.authenticate(request(c)); // evicts b
    expect(checks()).toBe(3);
    await auth.authenticate(request(a));
    expect(checks()).toBe(3);
    await auth.authenticate(request(b));
    expect(checks()).toBe(4);
  });
});
