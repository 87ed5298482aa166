import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { Socket } from 'node:net';
import { BudgetStoreUnavailableError, RedisBudgetStore } from '../../function/src/cost';
import { RedisServer } from '../helpers/redis-server';

/**
 * Redis with Entra ID (REDIS_AUTH=entra): the store authenticates as the token's object id with the
 * token as password, the way Azure Cache for Redis / Azure Managed Redis expect it. The server here
 * has that one ACL user and no default user, so only the right token gets in.
 */
const OID = '11111111-2222-4333-8444-555555555555';
const jwt = (claims: Record<string, unknown>) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const GOOD = jwt({ oid: OID, aud: 'https://redis.azure.com' });

class FakeCredential implements TokenCredential {
  readonly scopes: (string | string[])[] = [];
  constructor(private readonly token: string) {}
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    this.scopes.push(scopes);
    return { token: this.token, expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

/** One command over a raw socket (before any ACL change, the default user may still run it). */
function command(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    s.once('error', reject);
    s.connect(port, '127.0.0.1', () => s.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString());
    });
  });
}

let redis: RedisServer;
beforeAll(async () => {
  redis = await RedisServer.start();
  expect(await command(redis.port, 'ACL', 'SETUSER', OID, 'on', `>${GOOD}`, '~*', '&*', '+@all')).toBe('+OK\r\n');
  expect(await command(redis.port, 'ACL', 'SETUSER', 'default', 'off')).toBe('+OK\r\n');
});
afterAll(async () => {
  await redis.stop();
});

describe('RedisBudgetStore with an Entra ID credential', () => {
  const scope = { scope: 'gateway:daily', window: 'w', resetsAt: Date.now() + 86_400_000, limitMicros: 1_000_000 };

  it('signs in as the token object id with the token, asking for the Redis scope', async () => {
    const credential = new FakeCredential(GOOD);
    const store = await RedisBudgetStore.connect({ url: redis.url, prefix: 'entra:', credential });
    try {
      const now = Date.now();
      expect(await store.reserve({ requestId: 'r1', amountMicros: 10, scopes: [scope], now, expiresAt: now + 60_000 })).toEqual({ ok: true });
      expect(await store.settle({ requestId: 'r1', scopes: [scope], actualMicros: 7, promptTokens: 1, completionTokens: 1, now })).toBe(true);
      expect((await store.usage([scope], now))[0].spentMicros).toBe(7);
    } finally {
      await store.close();
    }
    expect(credential.scopes[0]).toBe('https://redis.azure.com/.default');
  });

  it('fails to connect, as the store being unavailable, with a token the server does not accept', async () => {
    const credential = new FakeCredential(jwt({ oid: OID, aud: 'https://redis.azure.com', other: 1 }));
    await expect(RedisBudgetStore.connect({ url: redis.url, prefix: 'entra:', credential, connectTimeoutMs: 2000 })).rejects.toBeInstanceOf(BudgetStoreUnavailableError);
  });

  it('without a credential, the server refuses the store', async () => {
    await expect(RedisBudgetStore.connect({ url: redis.url, prefix: 'entra:' }).then(async (s) => {
      try {
        const now = Date.now();
        return await s.reserve({ requestId: 'r2', amountMicros: 10, scopes: [scope], now, expiresAt: now + 60_000 });
      } finally {
        await s.close();
      }
    })).rejects.toBeInstanceOf(BudgetStoreUnavailableError);
  });
});
