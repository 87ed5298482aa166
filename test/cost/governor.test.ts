import {
  BudgetExceededError,
  BudgetUnavailableError,
  CostGovernor,
  MemoryBudgetStore,
  RedisBudgetStore,
  TokenCapError,
  UnknownModelError,
  type BudgetStore,
  type GovernorConfig,
} from '../../function/src/cost';
import { Socket } from 'node:net';
import { RedisServer } from '../helpers/redis-server';

let redis: RedisServer;
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis?.stop();
});

/** One inline command on a connection of its own (the store's own connection is the one under test). */
function rawCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = new Socket();
    s.once('error', reject);
    s.connect(port, '127.0.0.1', () => s.write(`${command}\r\n`));
    s.once('data', (d) => {
      s.destroy();
      d.toString().startsWith('+OK') ? resolve(d.toString()) : reject(new Error(`${command}: ${d}`));
    });
  });
}

let prefixCounter = 0;
const stores: [string, () => Promise<BudgetStore>][] = [
  ['memory', async () => new MemoryBudgetStore()],
  ['redis', async () => RedisBudgetStore.connect({ url: redis.url, prefix: `t${++prefixCounter}:` })],
];

const NOV_27_NOON = Date.UTC(2026, 10, 27, 12, 0, 0);
const deployments = { chat: { model: 'gpt-4o-mini', tier: 'global' as const }, big: { model: 'gpt-4o', tier: 'regional' as const } };
const chat = (content: string, max_tokens = 100) => ({ messages: [{ role: 'user', content }], max_tokens });

describe.each(stores)('CostGovernor with the %s store', (_name, makeStore) => {
  let store: BudgetStore;
  let now: number;
  const governor = (over: Partial<GovernorConfig> = {}) =>
    new CostGovernor({ store, deployments, limits: { dailyUsd: 100, monthlyUsd: 2000 }, clock: () => now, ...over });

  beforeEach(async () => {
    store = await makeStore();
    now = NOV_27_NOON;
  });
  afterEach(async () => {
    await store.close();
  });

  it('admits exactly what fits when 200 requests race for a budget that fits 10, and never overshoots', async () => {
    const g0 = governor();
    const plan = g0.plan('big', 'chat', chat('Summarise the quarterly report in three bullet points.', 500));
    const limitUsd = (plan.worstCaseMicros * 10 + plan.worstCaseMicros / 2) / 1e6; // room for 10.5 worst cases
    const g = governor({ limits: { dailyUsd: limitUsd, monthlyUsd: 2000 } });
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, async () => {
        const r = await g.reserve(plan, 'caller-1');
        await new Promise((res) => setTimeout(res, Math.random() * 5));
        return g.settle(r, { promptTokens: plan.promptTokens, completionTokens: 400 });
      }),
    );
    const admitted = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<number>[];
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(admitted).toHaveLength(10);
    expect(refused.every((r) => r.reason instanceof BudgetExceededError)).toBe(true);
    const report = await g.report('caller-1');
    const charged = admitted.reduce((a, r) => a + r.value, 0);
    expect(report.daily.spent_usd).toBeCloseTo(charged / 1e6, 9);
    expect(report.daily.spent_usd).toBeLessThanOrEqual(limitUsd);
    expect(report.daily.reserved_usd).toBe(0);
    expect(report.daily.requests).toBe(10);
    expect(report.caller).toMatchObject({ id: 'caller-1', daily: { requests: 10, limit_usd: null } });
  });

  it('settles once: a second settle of the same request changes nothing', async () => {
    const g = governor();
    const r = await g.reserve(g.plan('chat', 'chat', chat('hello')));
    const usage = { promptTokens: 12, completionTokens: 30 };
    await g.settle(r, usage);
    await g.settle(r, usage);
    await g.release(r);
    const report = await g.report();
    expect(report.daily).toMatchObject({ requests: 1, prompt_tokens: 12, completion_tokens: 30, reserved_usd: 0 });
    expect(report.daily.spent_usd).toBe(Math.ceil(12 * 0.15 + 30 * 0.6) / 1e6); // 19.8 µ$ rounds up to 20
  });

  it('releases a failed call without spending', async () => {
    const g = governor();
    const r = await g.reserve(g.plan('chat', 'chat', chat('hello')));
    expect((await g.report()).daily.reserved_usd).toBeGreaterThan(0);
    await g.release(r);
    expect((await g.report()).daily).toMatchObject({ reserved_usd: 0, spent_usd: 0, requests: 0 });
  });

  it('charges a reservation that was never settled in full once it expires, and a late settle changes nothing', async () => {
    const plan = governor().plan('big', 'chat', chat('hi', 1000));
    const g = governor({ limits: { dailyUsd: (plan.worstCaseMicros * 2.5) / 1e6, monthlyUsd: 2000 }, reservationTtlMs: 60_000 });
    const lost = await g.reserve(plan); // the instance "crashes" (or the store is down): never settles
    await g.reserve(plan);
    await expect(g.reserve(plan)).rejects.toBeInstanceOf(BudgetExceededError);
    now += 60_001;
    const after = (await g.report()).daily;
    expect(after).toMatchObject({ reserved_usd: 0, requests: 2 });
    expect(after.spent_usd).toBe((2 * plan.worstCaseMicros) / 1e6);
    await g.settle(lost, { promptTokens: 1, completionTokens: 1 });
    await g.release(lost);
    expect((await g.report()).daily.spent_usd).toBe((2 * plan.worstCaseMicros) / 1e6);
    await expect(g.reserve(plan)).rejects.toBeInstanceOf(BudgetExceededError); // the expired calls were not free
  });

  it('rolls the day and the month over at UTC midnight', async () => {
    const plan = governor().plan('big', 'chat', chat('hi', 1000));
    const g = governor({ limits: { dailyUsd: (plan.worstCaseMicros * 1.5) / 1e6, monthlyUsd: (plan.worstCaseMicros * 2.5) / 1e6 } });
    now = Date.UTC(2026, 10, 30, 23, 59, 59, 999);
    await g.settle(await g.reserve(plan), { promptTokens: 10, completionTokens: 1000 });
    const refused = await g.reserve(plan).catch((e) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toMatchObject({ scope: 'gateway:daily', resetsAt: Date.UTC(2026, 11, 1), retryAfterSeconds: 1 });
    now = Date.UTC(2026, 11, 1, 0, 0, 0, 0); // new day and new month
    const report = await g.report();
    expect(report.daily).toMatchObject({ window: '2026-12-01', spent_usd: 0, resets_at: '2026-12-02T00:00:00.000Z' });
    expect(report.monthly).toMatchObject({ window: '2026-12', spent_usd: 0, resets_at: '2027-01-01T00:00:00.000Z' });
    await g.settle(await g.reserve(plan), { promptTokens: 10, completionTokens: 1000 });
    now = Date.UTC(2026, 11, 2, 0, 0, 1);
    await g.settle(await g.reserve(plan), { promptTokens: 10, completionTokens: 1000 });
    now = Date.UTC(2026, 11, 3, 0, 0, 1);
    expect(await g.reserve(plan).catch((e) => e)).toMatchObject({ scope: 'gateway:monthly', resetsAt: Date.UTC(2027, 0, 1) });
  });

  it('enforces per-caller and per-deployment limits beside the gateway ones', async () => {
    const plan = governor().plan('chat', 'chat', chat('hi', 100));
    const g = governor({ perCaller: { dailyUsd: (plan.worstCaseMicros * 2.5) / 1e6 } });
    await g.reserve(plan, 'alice');
    await g.reserve(plan, 'alice');
    expect(await g.reserve(plan, 'alice').catch((e) => e)).toMatchObject({ scope: 'caller:alice:daily' });
    await expect(g.reserve(plan, 'bob')).resolves.toBeDefined();
    const perDeployment = governor({ perDeployment: { big: { dailyUsd: 0.000001 } } });
    const bigPlan = perDeployment.plan('big', 'chat', chat('hi', 100));
    expect(await perDeployment.reserve(bigPlan, 'carol').catch((e) => e)).toMatchObject({ scope: 'deployment:big:daily' });
    await expect(perDeployment.reserve(plan, 'carol')).resolves.toBeDefined();
  });
});

describe('CostGovernor without a store', () => {
  it('fails closed when Redis dies mid-run, and loses no settled spend', async () => {
    const server = await RedisServer.start({ appendOnly: true });
    try {
      const store = await RedisBudgetStore.connect({ url: server.url, prefix: 'crash:' });
      const g = new CostGovernor({ store, deployments, limits: { dailyUsd: 100, monthlyUsd: 2000 }, clock: () => NOV_27_NOON });
      const plan = g.plan('chat', 'chat', chat('hello'));
      let settled = 0;
      for (let i = 0; i < 20; i++) settled += await g.settle(await g.reserve(plan), { promptTokens: 20, completionTokens: 50 });
      await server.kill();
      await expect(g.reserve(plan)).rejects.toBeInstanceOf(BudgetUnavailableError);
      await expect(g.report()).rejects.toThrow('the budget store is unavailable');
      await store.close();

      await server.launch();
      const again = await RedisBudgetStore.connect({ url: server.url, prefix: 'crash:' });
      const g2 = new CostGovernor({ store: again, deployments, limits: { dailyUsd: 100, monthlyUsd: 2000 }, clock: () => NOV_27_NOON });
      const report = await g2.report();
      expect(report.daily.requests).toBe(20);
      expect(report.daily.spent_usd).toBeCloseTo(settled / 1e6, 12);
      await again.close();
    } finally {
      await server.stop();
    }
  });

  it('fails closed when Redis takes the connection but stops answering, then works again', async () => {
    const server = await RedisServer.start();
    const store = await RedisBudgetStore.connect({ url: server.url, prefix: 'paused:', commandTimeoutMs: 300 });
    try {
      const g = new CostGovernor({ store, deployments, limits: { dailyUsd: 100, monthlyUsd: 2000 }, clock: () => NOV_27_NOON });
      const plan = g.plan('chat', 'chat', chat('hello'));
      await g.settle(await g.reserve(plan), { promptTokens: 20, completionTokens: 50 });
      // Every client's commands wait unanswered on the server for two seconds.
      await rawCommand(server.port, 'CLIENT PAUSE 2000 ALL');
      await expect(g.reserve(plan)).rejects.toBeInstanceOf(BudgetUnavailableError);
      await rawCommand(server.port, 'CLIENT UNPAUSE');
      await expect(g.reserve(plan)).resolves.toMatchObject({ unmetered: false });
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('refuses to start when Redis cannot be reached', async () => {
    await expect(RedisBudgetStore.connect({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 })).rejects.toThrow(/budget store unavailable/);
  });

  it('fails open only when configured, marking the request unmetered', async () => {
    const broken: BudgetStore = {
      reserve: async () => {
        throw new (await import('../../function/src/cost')).BudgetStoreUnavailableError(new Error('ECONNREFUSED'));
      },
      settle: async () => true,
      release: async () => true,
      usage: async () => [],
      close: async () => undefined,
    };
    const open = new CostGovernor({ store: broken, deployments, limits: { dailyUsd: 1, monthlyUsd: 1 }, failOpen: true });
    const plan = open.plan('chat', 'chat', chat('hi'));
    await expect(open.reserve(plan)).resolves.toMatchObject({ unmetered: true });
    const closed = new CostGovernor({ store: broken, deployments, limits: { dailyUsd: 1, monthlyUsd: 1 } });
    await expect(closed.reserve(plan)).rejects.toBeInstanceOf(BudgetUnavailableError);
  });

  it('refuses an unknown model at start-up instead of guessing a price', () => {
    expect(() => new CostGovernor({ store: new MemoryBudgetStore(), deployments: { x: { model: 'gpt-9', tier: 'global' } }, limits: { dailyUsd: 1, monthlyUsd: 1 } })).toThrow(
      UnknownModelError,
    );
    expect(() => new CostGovernor({ store: new MemoryBudgetStore(), deployments: { x: { model: 'gpt-35-turbo', tier: 'global' } }, limits: { dailyUsd: 1, monthlyUsd: 1 } })).toThrow(
      'model "gpt-35-turbo" has no global price in config/pricing.ts (priced tiers: regional)',
    );
  });

  it('applies the per-request token cap to prompt plus max_tokens', () => {
    const g = new CostGovernor({ store: new MemoryBudgetStore(), deployments, limits: { dailyUsd: 1, monthlyUsd: 1 }, maxTokensPerRequest: 4000 });
    const noMax = g.plan('chat', 'chat', { messages: [{ role: 'user', content: 'hello there' }] });
    expect(noMax.completionCeiling).toBe(4000 - noMax.promptTokens);
    expect(() => g.plan('chat', 'chat', chat('hello there', 3999))).toThrow(TokenCapError);
    expect(() => g.plan('chat', 'chat', { messages: [{ role: 'user', content: 'word '.repeat(5000) }] })).toThrow(/leaves no room for a reply/);
    expect(g.plan('chat', 'embeddings', { input: ['a b c', 'd e'] })).toMatchObject({ completionCeiling: 0 });
  });

  it('prices and caps every choice: n for chat, best_of for legacy completions', () => {
    const g = new CostGovernor({ store: new MemoryBudgetStore(), deployments, limits: { dailyUsd: 1, monthlyUsd: 1 }, maxTokensPerRequest: 4000 });
    const one = g.plan('chat', 'chat', chat('hello there', 500));
    const five = g.plan('chat', 'chat', { ...chat('hello there', 500), n: 5 });
    expect(five).toMatchObject({ choices: 5, completionCeiling: 500 });
    expect(five.worstCaseMicros).toBeGreaterThan(one.worstCaseMicros * 4);
    expect(() => g.plan('chat', 'chat', { ...chat('hello there', 1000), n: 4 })).toThrow(/× 4 choices .* over the per-request cap of 4000/);
    const shared = g.plan('chat', 'chat', { messages: [{ role: 'user', content: 'hello there' }], n: 4 });
    expect(shared.completionCeiling).toBe(Math.floor((4000 - shared.promptTokens) / 4));
    expect(g.plan('chat', 'completions', { prompt: 'x', max_tokens: 100, best_of: 3, n: 1 })).toMatchObject({ choices: 3 });
  });
});
