/**
 * npm run bench:gateway — latency through the gateway against direct calls to the same
 * loopback Azure OpenAI server, at concurrency 16. The gateway runs in its own process, as it
 * does in Azure, with Entra token validation (loopback issuer), DLP (profile "all") and Redis
 * budgets (REDIS_URL, or a throwaway redis-server). Prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { FakeAzureOpenAI } from '../test/helpers/fake-azure-openai';
import { LoopbackIssuer } from '../test/helpers/issuer';
import { RedisServer } from '../test/helpers/redis-server';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BODY = JSON.stringify({
  messages: [
    { role: 'system', content: 'You are a concise assistant for the platform team.' },
    { role: 'user', content: 'Summarise the attached deployment notes in three bullet points: the migration finished on time, two services need follow-up, and costs stayed within budget.' },
  ],
  max_tokens: 200,
});

async function run(url: string, headers: Record<string, string>, concurrency = CONCURRENCY) {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < (concurrency === 1 ? Math.min(REQUESTS, 1000) : REQUESTS)) {
        const t = process.hrtime.bigint();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(3);
  return { p50_ms: q(0.5), p99_ms: q(0.99), rps: Math.round(latencies.length / seconds) };
}

async function main() {
  const [upstream, issuer] = await Promise.all([new FakeAzureOpenAI().start(), new LoopbackIssuer().start()]);
  const redis = process.env.REDIS_URL ? undefined : await RedisServer.start();
  const child = spawn(process.execPath, [...(process.env.GATEWAY_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.GATEWAY_PROFILE] : []), '--require', 'ts-node/register/transpile-only', join(__dirname, 'gateway-server.ts')], {
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH,
      PORT: '0',
    AZURE_OPENAI_ENDPOINT: upstream.url,
    AZURE_OPENAI_AUTH: 'none',
    GATEWAY_AUTH: 'entra',
    ENTRA_ISSUER: issuer.issuer,
    ENTRA_AUDIENCE: issuer.audience,
    ENTRA_JWKS_URI: issuer.jwksUri,
    GATEWAY_DEPLOYMENTS: 'chat=gpt-4o-mini@global',
    REDIS_URL: process.env.REDIS_URL ?? redis!.url,
    BUDGET_DAILY_USD: '100000',
    BUDGET_MONTHLY_USD: '1000000',
    },
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const gw = { url: line.toString().trim() };
  try {
    const token = await issuer.token();
    const path = '/openai/deployments/chat/chat/completions?api-version=2024-10-21';
    await run(`${upstream.url}${path}`, {}); // warm-up both paths
    await run(`${gw.url}${path}`, { authorization: `Bearer ${token}` });
    const direct = await run(`${upstream.url}${path}`, {});
    const gateway = await run(`${gw.url}${path}`, { authorization: `Bearer ${token}` });
    // One request at a time: the gateway's own cost per call, without queueing behind others.
    const serialDirect = await run(`${upstream.url}${path}`, {}, 1);
    const serialGateway = await run(`${gw.url}${path}`, { authorization: `Bearer ${token}` }, 1);
    console.log(
      JSON.stringify({
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        direct,
        gateway,
        overhead_p50_ms: +(gateway.p50_ms - direct.p50_ms).toFixed(3),
        overhead_p99_ms: +(gateway.p99_ms - direct.p99_ms).toFixed(3),
        concurrency_1: { direct: serialDirect, gateway: serialGateway, overhead_p50_ms: +(serialGateway.p50_ms - serialDirect.p50_ms).toFixed(3) },
      }),
    );
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await Promise.all([upstream.stop(), issuer.stop(), redis?.stop()]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
