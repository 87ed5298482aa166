import { MemoryBudgetStore } from '../../function/src/cost';
import { RECORD_TTL_MS, type ScopeLimit } from '../../function/src/cost/store';

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const DAY = 24 * 60 * 60 * 1000;
// A monthly scope whose window outlives the test's clock, so that only the request records age.
const scopes: ScopeLimit[] = [{ scope: 'gateway:monthly', window: '2026-11', limitMicros: 1_000_000, resetsAt: Date.UTC(2026, 11, 1) + 40 * DAY }];
const reserve = (store: MemoryBudgetStore, requestId: string, now: number) => store.reserve({ requestId, amountMicros: 100, scopes, now, expiresAt: now + 60_000 });
const settle = (store: MemoryBudgetStore, requestId: string, now: number) => store.settle({ requestId, scopes, actualMicros: 40, promptTokens: 1, completionTokens: 1, now });

describe('MemoryBudgetStore request records', () => {
  it('are kept as the Redis store keeps them: idempotent for two days after their last change, then forgotten', async () => {
    expect(RECORD_TTL_MS).toBe(2 * DAY);
    const store = new MemoryBudgetStore();
    for (const id of ['a', 'b', 'c']) await reserve(store, id, T0);
    await expect(settle(store, 'a', T0 + 1000)).resolves.toBe(true);
    await expect(settle(store, 'b', T0 + DAY)).resolves.toBe(true);
    await expect(settle(store, 'b', T0 + DAY + 1)).resolves.toBe(false);
    expect(store.recordCount).toBe(3);
    // Two days after a's settle and c's reservation, both are forgotten; b changed a day later and stays.
    await reserve(store, 'd', T0 + 1000 + RECORD_TTL_MS);
    expect(store.recordCount).toBe(2);
    await expect(settle(store, 'b', T0 + 1000 + RECORD_TTL_MS)).resolves.toBe(false);
    await store.close();
  });

  it('hold no more than the records of the last two days, however many requests were served', async () => {
    const store = new MemoryBudgetStore();
    for (let i = 0; i < 5000; i++) {
      const now = T0 + i * 60_000; // a call a minute for three and a half days
      await reserve(store, `r${i}`, now);
      await settle(store, `r${i}`, now + 1);
    }
    expect(store.recordCount).toBe(RECORD_TTL_MS / 60_000);
    const [usage] = await store.usage(scopes, T0 + 5000 * 60_000);
    expect(usage).toMatchObject({ spentMicros: 5000 * 40, reservedMicros: 0, requests: 5000 });
    await store.close();
  });
});
