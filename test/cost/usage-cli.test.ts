import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadGatewayConfig } from '../../function/src/config';
import { createGovernor } from '../../function/src/runtime';
import { RedisBudgetStore } from '../../function/src/cost';
import { RedisServer } from '../helpers/redis-server';

const ROOT = join(__dirname, '../..');
const ENV = {
  AZURE_OPENAI_ENDPOINT: 'https://aoai.openai.azure.com/',
  GATEWAY_AUTH: 'none',
  GATEWAY_DEPLOYMENTS: 'chat=gpt-4o-mini@global',
  BUDGET_DAILY_USD: '10',
  BUDGET_MONTHLY_USD: '100',
};
const run = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', 'function/src/usage-cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });

describe('operator usage report', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await RedisServer.start();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('prints the gateway and caller windows from the gateway’s Redis', async () => {
    const env = { ...ENV, REDIS_URL: redis.url };
    const store = await RedisBudgetStore.connect({ url: redis.url, prefix: 'aoai:' });
    const governor = createGovernor(loadGatewayConfig(env), store);
    const plan = governor.plan('chat', 'chat', { messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 });
    await governor.settle(await governor.reserve(plan, 'oid-42'), { promptTokens: 1000, completionTokens: 1000 });
    await store.close();

    const r = run(['--caller', 'oid-42'], env);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.daily).toMatchObject({ limit_usd: 10, requests: 1, prompt_tokens: 1000, completion_tokens: 1000, spent_usd: 0.00075 });
    expect(report.monthly).toMatchObject({ limit_usd: 100, requests: 1 });
    expect(report.caller).toMatchObject({ id: 'oid-42', daily: { requests: 1, limit_usd: null } });
  });

  it('refuses to run without Redis or with bad arguments', () => {
    expect(run([], ENV)).toMatchObject({ status: 2, stderr: expect.stringContaining('REDIS_URL is required') });
    expect(run(['--nope'], { ...ENV, REDIS_URL: redis.url })).toMatchObject({ status: 2, stderr: expect.stringContaining('usage: usage [--caller') });
    expect(run([], { REDIS_URL: redis.url })).toMatchObject({ status: 2, stderr: expect.stringContaining('AZURE_OPENAI_ENDPOINT: is required') });
  });
});
