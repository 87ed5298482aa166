import RedisClient from '@redis/client/dist/lib/client';
import { RedisBudgetStore, type ScopeLimit } from '../../function/src/cost';
import { KEY_GRACE_MS } from '../../function/src/cost/windows';
import { RedisServer } from '../helpers/redis-server';

/*
 * What the store's scripts leave in Redis: every key they create expires (a counter and its open set a
 * grace period after their window, a reservation record after two days), whichever script created it and
 * however often the open set empties and fills again. A key without an expiry would outlive its window for ever.
 */
let redis: RedisServer;
let raw: InstanceType<typeof RedisClient>;
beforeAll(async () => {
  redis = await RedisServer.start();
  raw = new RedisClient({ url: redis.url });
  await raw.connect();
});
afterAll(async () => {
  raw?.destroy();
  await redis?.stop();
});

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const DAY_END = Date.UTC(2026, 11, 3);
const scopes: ScopeLimit[] = [
  { scope: 'gateway:daily', window: '2026-12-02', limitMicros: 10_000_000, resetsAt: DAY_END },
  { scope: 'caller:c1:daily', window: '2026-12-02', limitMicros: 10_000_000, resetsAt: DAY_END },
];
let n = 0;
const prefix = () => `ttl${++n}:`;
const counter = (p: string, s: ScopeLimit) => `${p}{budget}:c:${s.scope}:${s.window}`;
const open = (p: string, s: ScopeLimit) => `${p}{budget}:o:${s.scope}:${s.window}`;
const pttl = async (key: string) => Number(await raw.sendCommand(['PTTL', key]));
/** Every key under the prefix with its remaining time to live in ms (-1: none, -2: gone). */
async function ttls(p: string): Promise<Record<string, number>> {
  const keys = (await raw.sendCommand(['KEYS', `${p}*`])) as string[];
  const out: Record<string, number> = {};
  for (const k of keys.sort()) out[k] = await pttl(k);
  return out;
}
const untilWindowGone = DAY_END + KEY_GRACE_MS - NOW;
/** A key's time to live is the rest of its window plus the grace period (within the test's minute). */
const expectWindowExpiry = (ttl: number) => {
  expect(ttl).toBeGreaterThan(untilWindowGone - 60_000);
  expect(ttl).toBeLessThanOrEqual(untilWindowGone);
};
/** A store of its own key prefix, closed after `fn`. */
async function withStore(fn: (store: RedisBudgetStore, prefix: string) => Promise<void>): Promise<void> {
  const p = prefix();
  const store = await RedisBudgetStore.connect({ url: redis.url, prefix: p });
  try {
    await fn(store, p);
  } finally {
    await store.close();
  }
}

describe('RedisBudgetStore keys', () => {
  it('gives counters, open sets and records an expiry through reserve, settle, a refilled open set and release', () =>
    withStore(async (store, p) => {
      const reserve = (id: string) => store.reserve({ requestId: id, amountMicros: 1000, scopes, now: NOW, expiresAt: NOW + 60_000 });
      expect(await reserve('r1')).toEqual({ ok: true });
      // The open set empties with the settle (Redis deletes it), and the next reservation makes it again.
      expect(await store.settle({ requestId: 'r1', scopes, actualMicros: 400, promptTokens: 10, completionTokens: 2, now: NOW })).toBe(true);
      for (const s of scopes) expect(await pttl(open(p, s))).toBe(-2);
      expect(await reserve('r2')).toEqual({ ok: true });
      expect(await reserve('r3')).toEqual({ ok: true });
      expect(await store.release('r3', scopes, NOW)).toBe(true);

      const all = await ttls(p);
      expect(Object.keys(all)).toHaveLength(2 * scopes.length + 3); // counter and open set per scope, three records
      for (const s of scopes) {
        for (const key of [counter(p, s), open(p, s)]) expectWindowExpiry(all[key]);
      }
      for (const id of ['r1', 'r2', 'r3']) expect(all[`${p}{budget}:r:${id}`]).toBeGreaterThan(47 * 3600_000);
      // And the counters say what happened: 400 spent, r2's 1000 still reserved.
      const usage = await store.usage(scopes, NOW);
      expect(usage.map((u) => [u.spentMicros, u.reservedMicros, u.requests])).toEqual(scopes.map(() => [400, 1000, 1]));
    }));

  it('gives a counter an expiry when a settle without a reservation record creates it', () =>
    withStore(async (store, p) => {
      expect(await store.settle({ requestId: 'never-reserved', scopes, actualMicros: 700, promptTokens: 5, completionTokens: 1, now: NOW })).toBe(true);
      for (const s of scopes) expectWindowExpiry(await pttl(counter(p, s)));
      // A later reservation on that counter (it has spent but no reserved field) keeps it expiring.
      expect(await store.reserve({ requestId: 'next', amountMicros: 1000, scopes, now: NOW, expiresAt: NOW + 60_000 })).toEqual({ ok: true });
      for (const s of scopes) expectWindowExpiry(await pttl(counter(p, s)));
    }));

  it('charges an expired reservation in full at the next reservation and keeps every key expiring', () =>
    withStore(async (store, p) => {
      expect(await store.reserve({ requestId: 'lost', amountMicros: 2500, scopes, now: NOW, expiresAt: NOW + 1000 })).toEqual({ ok: true });
      const later = NOW + 5000;
      expect(await store.reserve({ requestId: 'after', amountMicros: 1000, scopes, now: later, expiresAt: later + 60_000 })).toEqual({ ok: true });
      const usage = await store.usage(scopes, later);
      expect(usage.map((u) => [u.spentMicros, u.reservedMicros, u.requests])).toEqual(scopes.map(() => [2500, 1000, 1]));
      for (const t of Object.values(await ttls(p))) expect(t).toBeGreaterThan(0);
    }));
});
