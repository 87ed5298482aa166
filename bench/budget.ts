/**
 * npm run bench:budget — reserve + settle round trips against Redis at concurrency 64.
 * Uses REDIS_URL, or starts a throwaway redis-server on a free loopback port.
 * Prints one JSON line: requests, concurrency, limit_usd, admitted, spent_usd, overshoot_usd, p50_ms, p99_ms.
 */
import { randomUUID } from 'node:crypto';
import { BudgetExceededError, CostGovernor, RedisBudgetStore } from '../function/src/cost';
import { RedisServer } from '../test/helpers/redis-server';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

async function main() {
  const server = process.env.REDIS_URL ? undefined : await RedisServer.start();
  const url = process.env.REDIS_URL ?? server!.url;
  const store = await RedisBudgetStore.connect({ url, prefix: `bench:${randomUUID()}:` });
  try {
    const deployments = { 'gpt-4o': { model: 'gpt-4o', tier: 'global' as const } };
    const probe = new CostGovernor({ store, deployments, limits: { dailyUsd: 1, monthlyUsd: 1 } });
    const plan = probe.plan('gpt-4o', 'chat', { messages: [{ role: 'user', content: 'Draft a two-paragraph status update for the migration project.' }], max_tokens: 800 });
    // A budget that fits about 40% of the requests at their worst case.
    const limitUsd = (plan.worstCaseMicros * REQUESTS * 0.4) / 1e6;
    const governor = new CostGovernor({ store, deployments, limits: { dailyUsd: limitUsd, monthlyUsd: limitUsd * 30 } });

    const latencies: number[] = [];
    let admitted = 0;
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        next++;
        const t = process.hrtime.bigint();
        try {
          const r = await governor.reserve(plan, `caller-${next % 50}`);
          // The model answered with 300-800 tokens.
          await governor.settle(r, { promptTokens: plan.promptTokens, completionTokens: 300 + (next % 500) });
          admitted++;
        } catch (e) {
          if (!(e instanceof BudgetExceededError)) throw e;
        }
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(3);
    const report = await governor.report();
    console.log(
      JSON.stringify({
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        limit_usd: +limitUsd.toFixed(6),
        admitted,
        spent_usd: report.daily.spent_usd,
        overshoot_usd: Math.max(0, +(report.daily.spent_usd - limitUsd).toFixed(6)),
        p50_ms: q(0.5),
        p99_ms: q(0.99),
        round_trips_per_s: Math.round(REQUESTS / seconds),
      }),
    );
  } finally {
    await store.close();
    await server?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
