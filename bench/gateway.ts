/**
 * npm run bench:gateway — latency through the gateway against direct calls to the same
 * loopback Azure OpenAI server, at concurrency 16. The gateway runs in its own process, as it
 * does in Azure, with Entra token validation (loopback issuer), DLP (profile "all") and Redis
 * budgets (REDIS_URL, or a throwaway redis-server). Prints one JSON line.
 *
 * Besides latency (which other load on the machine distorts), it reports the gateway process's
 * own CPU per call (user + system time from /proc, Linux), and for adversarial bodies within the
 * size cap the gateway's CPU per request next to what the DLP engine alone spends on the same
 * text: the difference is everything but the scan.
 *
 * Next to them: a bare node:http pass-through proxy in its own process (passthrough-server.ts) in front of
 * the same upstream, at concurrency 16 and 1 (the floor any proxy adds on this machine), and one Redis
 * round trip on loopback from this process (PING, and the governor's own reserve and settle scripts).
 *
 * At concurrency 1 it also runs a second gateway process, the same but with its budgets in memory
 * (no REDIS_URL): the difference is what the Redis legs cost a call (the reservation's round trip
 * and the settle's CPU), measured rather than inferred from the warm loop.
 *
 * BENCH_BACKENDS=N (default 1) puts N healthy loopback accounts behind the gateway as one backend pool
 * (GATEWAY_BACKENDS, one priority group, equal weights): the cost of the pool's choice and breakers.
 * The gateway process runs from an esbuild bundle, as in Azure (BENCH_TS_NODE=1: under ts-node).
 * BENCH_GATEWAY_ROOT=<checkout> measures another checkout's gateway (its bench/gateway-server.ts and its
 * own node_modules) with this harness: a before and after under the same conditions.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { buildSync } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { DlpPolicy } from '../function/src/dlp';
import { CostGovernor, RedisBudgetStore } from '../function/src/cost';
import RedisClient from '@redis/client/dist/lib/client';
import { backendPool, type BackendSpec } from '../function/src/upstream/pool';
import type { Upstream } from '../function/src/upstream/types';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { FakeAzureOpenAI } from '../test/helpers/fake-azure-openai';
import { loopbackGatewayEnv } from './loopback-env';
import { LoopbackIssuer } from '../test/helpers/issuer';
import { RedisServer } from '../test/helpers/redis-server';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const BACKENDS = Math.max(1, Number(process.env.BENCH_BACKENDS ?? 1));
const BODY = JSON.stringify({
  messages: [
    { role: 'system', content: 'You are a concise assistant for the platform team.' },
    { role: 'user', content: 'Summarise the attached deployment notes in three bullet points: the migration finished on time, two services need follow-up, and costs stayed within budget.' },
  ],
  max_tokens: 200,
});

/** One call with the benchmark's body, answered 200 and read to its end: its latency in ms. */
async function timedCall(url: string, headers: Record<string, string>): Promise<number> {
  const t = process.hrtime.bigint();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`status ${res.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function run(url: string, headers: Record<string, string>, concurrency = CONCURRENCY) {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < (concurrency === 1 ? Math.min(REQUESTS, 1000) : REQUESTS)) latencies.push(await timedCall(url, headers));
    }),
  );
  return summary(latencies, Number(process.hrtime.bigint() - started) / 1e9);
}

/** p50 and p99 of `latencies` (ms; sorted in place) and the calls per second over `seconds`. */
function summary(latencies: number[], seconds: number): { p50_ms: number; p99_ms: number; rps: number } {
  latencies.sort((a, b) => a - b);
  const q = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(3);
  return { p50_ms: q(0.5), p99_ms: q(0.99), rps: Math.round(latencies.length / seconds) };
}

type Serial = { p50_ms: number; p99_ms: number; rps: number; cpu: { user: number; system: number } };
const latency = ({ p50_ms, p99_ms, rps }: Serial) => ({ p50_ms, p99_ms, rps });

/**
 * `calls` requests to each target, one at a time, the targets taking turns in `rounds` rounds (the order
 * reversed every other round). Latency quantiles over all of a target's calls, its calls per second of
 * its own time, and the CPU ms per call of the target's process (user and system) where it has one.
 */
async function serialRounds(targets: { url: string; headers: Record<string, string>; pid?: number }[], calls: number, rounds = 10): Promise<Serial[]> {
  const all = targets.map(() => ({ latencies: [] as number[], seconds: 0, user: 0, system: 0 }));
  for (let r = 0; r < rounds; r++) {
    const order = targets.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const { url, headers, pid } = targets[i];
      const before = pid ? cpuSplitMs(pid) : undefined;
      const started = process.hrtime.bigint();
      for (let n = Math.floor((calls * (r + 1)) / rounds) - Math.floor((calls * r) / rounds); n > 0; n--) all[i].latencies.push(await timedCall(url, headers));
      all[i].seconds += Number(process.hrtime.bigint() - started) / 1e9;
      if (pid && before) {
        const after = cpuSplitMs(pid);
        all[i].user += after.user - before.user;
        all[i].system += after.system - before.system;
      }
    }
  }
  return all.map(({ latencies, seconds, user, system }) => ({ ...summary(latencies, seconds), cpu: { user: user / calls, system: system / calls } }));
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU ms (user + system) a process has used so far, or NaN where /proc is not there. */
function cpuMs(pid: number): number {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}

/** CPU ms a process has used so far in user space and in the kernel (its system calls: socket reads and writes). */
function cpuSplitMs(pid: number): { user: number; system: number } {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return { user: (Number(fields[11]) * 1000) / CLK_TCK, system: (Number(fields[12]) * 1000) / CLK_TCK };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/** Bodies under the 1 MiB cap built to make tokenizing, walking or scanning expensive. */
function adversarialBodies(): { name: string; body: string; path?: 'emb' }[] {
  const kb = 900 * 1024;
  const tools = (description: string) => ({ messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', description } }] });
  return [
    { name: 'unbroken-run', body: JSON.stringify({ messages: [{ role: 'user', content: 'A'.repeat(kb) }] }) },
    { name: 'base64-like-run', body: JSON.stringify({ messages: [{ role: 'user', content: Buffer.alloc((kb * 3) / 4, 7).toString('base64') }] }) },
    { name: 'prose', body: JSON.stringify({ messages: [{ role: 'user', content: 'the migration finished on time and costs stayed within budget '.repeat(kb / 62) }] }) },
    { name: 'many-parts', body: JSON.stringify({ messages: [{ role: 'user', content: Array.from({ length: 30_000 }, () => ({ type: 'text', text: 'x y' })) }] }) },
    { name: 'many-messages', body: JSON.stringify({ messages: Array.from({ length: 20_000 }, () => ({ role: 'user', content: 'hello there' })) }) },
    { name: 'tool-schema', body: JSON.stringify(tools('word '.repeat(kb / 5))) },
    { name: 'token-ids', body: JSON.stringify({ input: Array.from({ length: 150_000 }, (_, i) => i % 50_000) }), path: 'emb' },
    // Fields that bill little or nothing but cost reading: refused before the walk.
    { name: 'long-user', body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], user: '4111 '.repeat(kb / 5) }) },
    { name: 'logit-bias-80k', body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], logit_bias: Object.fromEntries(Array.from({ length: 80_000 }, (_, i) => [String(i), 1])) }) },
    { name: 'empty-schema-objects', body: `{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"examples":[${Array(300_000).fill('{}').join(',')}]}}}]}` },
    { name: 'empty-parts', body: JSON.stringify({ messages: [{ role: 'user', content: Array.from({ length: 35_000 }, () => ({ type: 'text', text: '' })) }] }) },
  ];
}

/** What the DLP engine alone spends on a body's text (every string value joined), in ms. */
function dlpOnlyMs(body: string): number {
  const strings: string[] = [];
  JSON.parse(body, (_k, v) => (typeof v === 'string' && strings.push(v), v));
  const dlp = new DlpPolicy({ profile: 'all', defaultAction: 'block', maxInputLength: 64 * 1024 * 1024 });
  const t = process.cpuUsage();
  dlp.evaluate(strings.join('\n'));
  const u = process.cpuUsage(t);
  return (u.user + u.system) / 1000;
}

/**
 * The pool's own CPU per call, in process: a healthy pool of `n` backends over a caller that answers at
 * once, against calling that caller directly (µs per call; the steadier figure on a loaded machine).
 */
async function poolOverheadUs(n: number, calls = 200_000): Promise<number> {
  const answer = { usage: { prompt_tokens: 1, completion_tokens: 1 } };
  const noop: Upstream = { call: async () => ({ ...answer }), stream: async () => (async function* () {})() };
  const specs: BackendSpec[] = Array.from({ length: n }, (_, i) => ({ account: `a${i}`, endpoint: `http://a${i}.test/`, region: 'westeurope', sku: 'DataZoneStandard', tier: 'data_zone', priority: 1, weight: 1 }));
  const pool = backendPool({ chat: specs }, () => noop);
  const signal = new AbortController().signal;
  const time = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < 10_000; i++) await fn(); // warm-up
    const t = process.cpuUsage();
    for (let i = 0; i < calls; i++) await fn();
    const u = process.cpuUsage(t);
    return (u.user + u.system) / calls;
  };
  const direct = await time(() => noop.call('chat', 'chat', {}, signal));
  const pooled = await time(() => pool.call('chat', 'chat', {}, signal));
  return +(pooled - direct).toFixed(3);
}

/**
 * How a bench server process starts: from an esbuild bundle of its entry (dependencies left to
 * node_modules), as the Function app runs from function/build.ts's bundle. Under ts-node it would
 * also pay for what production never loads: ts-node's register loads `repl`, which loads `domain`
 * and so wraps every EventEmitter's construction and emit. BENCH_TS_NODE=1 runs it under ts-node.
 */
function serverArgs(name: 'gateway-server' | 'passthrough-server'): string[] {
  const root = name === 'gateway-server' && process.env.BENCH_GATEWAY_ROOT ? resolve(process.env.BENCH_GATEWAY_ROOT) : join(__dirname, '..');
  const entry = join(root, 'bench', `${name}.ts`);
  if (!existsSync(entry)) throw new Error(`BENCH_GATEWAY_ROOT: ${entry} does not exist`);
  if (process.env.BENCH_TS_NODE === '1') return ['--require', 'ts-node/register/transpile-only', entry];
  // Inside the checkout's own dist/, so that its packages resolve from its own node_modules.
  const outfile = join(root, 'dist', 'bench', `${name}.js`);
  buildSync({ entryPoints: [entry], outfile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' });
  return [outfile];
}

/** Spawns a server process that prints its URL on its first line. */
async function spawnServer(args: string[], env: Record<string, string | undefined>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'], env });
  child.once('exit', (code) => code && console.error(`${args.at(-1)} exited with ${code}`));
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: line.toString().trim(), child };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** `fn` over a plain client of its own on `url` (no command timeout), closed after it. */
async function withRedis<T>(url: string, fn: (client: InstanceType<typeof RedisClient>) => Promise<T>): Promise<T> {
  const client = new RedisClient({ url, commandOptions: { timeout: 0 } });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    client.destroy();
  }
}

/**
 * One Redis round trip on loopback from this process, as the gateway pays it twice per call: the
 * median of `n` sequential PINGs, and of the governor's own reserve and settle (one EVALSHA each, the
 * same scripts, keys and arguments: gateway and caller scopes, daily and monthly), in ms.
 */
async function redisRoundTripMs(url: string, n = 2000): Promise<{ ping_p50_ms: number; reserve_p50_ms: number; settle_p50_ms: number }> {
  const median = (xs: number[]) => +xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(3);
  const time = async (fn: () => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const pings: number[] = [];
  await withRedis(url, async (client) => {
    for (let i = 0; i < 200; i++) await client.sendCommand(['PING']); // warm-up
    for (let i = 0; i < n; i++) pings.push(await time(() => client.sendCommand(['PING'])));
  });
  const store = await RedisBudgetStore.connect({ url, prefix: 'bench-rtt:' });
  const governor = new CostGovernor({ store, deployments: { chat: { model: 'gpt-4o-mini', tier: 'global' } }, limits: { dailyUsd: 1e9, monthlyUsd: 1e9 } });
  const plan = governor.planCounted('chat', 'chat', 60, { max_tokens: 200 });
  const reserves: number[] = [];
  const settles: number[] = [];
  try {
    for (let i = 0; i < 200 + n; i++) {
      let reservation!: Awaited<ReturnType<CostGovernor['reserve']>>;
      const r = await time(async () => (reservation = await governor.reserve(plan, 'bench-caller')));
      const s = await time(() => governor.settle(reservation, { promptTokens: 60, completionTokens: 7 }));
      if (i >= 200) reserves.push(r), settles.push(s);
    }
  } finally {
    await store.close();
  }
  return { ping_p50_ms: median(pings), reserve_p50_ms: median(reserves), settle_p50_ms: median(settles) };
}

/** Scripts the Redis server has run so far (EVALSHA and EVAL) and the µs it spent in them, from INFO commandstats. */
async function scriptStats(url: string): Promise<{ calls: number; usec: number }> {
  const info = String(await withRedis(url, (client) => client.sendCommand(['INFO', 'commandstats'])));
  let calls = 0;
  let usec = 0;
  for (const m of info.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+),usec=(\d+)/gm)) (calls += Number(m[1])), (usec += Number(m[2]));
  return { calls, usec };
}

async function main() {
  const [upstream, issuer] = await Promise.all([new FakeAzureOpenAI().start(), new LoopbackIssuer().start()]);
  const others = await Promise.all(Array.from({ length: BACKENDS - 1 }, () => new FakeAzureOpenAI().start()));
  const pool = [upstream, ...others].map((u, i) => ({ account: `oai-bench-${i}`, endpoint: u.url, region: 'westeurope', sku: 'DataZoneStandard', priority: 1, weight: 1 }));
  const poolSettings: Record<string, string> =
    BACKENDS > 1
      ? {
          GATEWAY_BACKENDS: JSON.stringify({ chat: pool, emb: pool.map((b) => ({ ...b, sku: 'Standard' })) }),
          GATEWAY_ALLOWED_REGIONS: 'westeurope',
          GATEWAY_ALLOWED_SKUS: 'Standard,DataZoneStandard',
        }
      : {};
  const redis = process.env.REDIS_URL ? undefined : await RedisServer.start();
  const redisUrl = process.env.REDIS_URL ?? redis!.url;
  const gatewayArgs = serverArgs('gateway-server');
  const gatewayEnv = {
    ...loopbackGatewayEnv({ upstreamUrl: upstream.url, issuer, redisUrl, deployments: 'chat=gpt-4o-mini@global,emb=text-embedding-3-small@global' }),
    PORT: '0',
    ...poolSettings,
  };
  const { url: gwUrl, child } = await spawnServer(
    [...(process.env.GATEWAY_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.GATEWAY_PROFILE] : []), ...gatewayArgs],
    gatewayEnv,
  );
  // The same gateway with its budgets in memory: what the Redis legs cost, by difference.
  const inMemory = await spawnServer(gatewayArgs, { ...gatewayEnv, REDIS_URL: undefined });
  const passthrough = await spawnServer(serverArgs('passthrough-server'), { PATH: process.env.PATH, UPSTREAM_URL: upstream.url });
  const gw = { url: gwUrl };
  try {
    const token = await issuer.token();
    const path = '/openai/deployments/chat/chat/completions?api-version=2024-10-21';
    const pid = child.pid!;
    await run(`${upstream.url}${path}`, {}); // warm-up both paths
    await run(`${gw.url}${path}`, { authorization: `Bearer ${token}` });
    await run(`${passthrough.url}${path}`, {});
    // Warmed as the measured gateway is by the time it runs one call at a time (warm-up, then the concurrency-16 run).
    for (let i = 0; i < 2; i++) await run(`${inMemory.url}${path}`, { authorization: `Bearer ${token}` });
    const direct = await run(`${upstream.url}${path}`, {});
    let cpu = cpuMs(pid);
    const gateway = await run(`${gw.url}${path}`, { authorization: `Bearer ${token}` });
    const cpuPerCall = (cpuMs(pid) - cpu) / REQUESTS;
    const ptPid = passthrough.child.pid!;
    cpu = cpuMs(ptPid);
    const bare = await run(`${passthrough.url}${path}`, {});
    const bareCpuPerCall = (cpuMs(ptPid) - cpu) / REQUESTS;
    // One request at a time: the gateway's own cost per call, without queueing behind others. The four
    // targets take turns, so that the machine's other load falls on each alike.
    const serialCalls = Math.min(REQUESTS, 1000);
    const auth = { authorization: `Bearer ${token}` };
    const scriptsBefore = await scriptStats(redisUrl);
    const [serialDirect, serialGateway, serialInMemory, serialBare] = await serialRounds(
      [
        { url: `${upstream.url}${path}`, headers: {} },
        { url: `${gw.url}${path}`, headers: auth, pid },
        { url: `${inMemory.url}${path}`, headers: auth, pid: inMemory.child.pid! },
        { url: `${passthrough.url}${path}`, headers: {}, pid: ptPid },
      ],
      serialCalls,
    );
    const scriptsAfter = await scriptStats(redisUrl);
    // What the Redis server itself spends per budget script (reserve or settle) when calls come one at a time.
    const redisScriptUs = (scriptsAfter.usec - scriptsBefore.usec) / Math.max(1, scriptsAfter.calls - scriptsBefore.calls);
    const cpuPerSerialCall = serialGateway.cpu.user + serialGateway.cpu.system;
    const inMemoryCpuPerSerialCall = serialInMemory.cpu.user + serialInMemory.cpu.system;
    const bareCpuPerSerialCall = serialBare.cpu.user + serialBare.cpu.system;
    await stopServer(inMemory.child);
    await stopServer(passthrough.child);
    const redisRoundTrip = await redisRoundTripMs(redisUrl);
    const adversarial: Record<string, unknown> = {};
    if (process.env.BENCH_ADVERSARIAL !== '0') {
      for (const { name, body, path: which } of adversarialBodies()) {
        const url = which === 'emb' ? `${gw.url}/openai/deployments/emb/embeddings?api-version=2024-10-21` : `${gw.url}${path}`;
        const rounds = 10;
        let status = 0;
        const before = cpuMs(pid);
        for (let i = 0; i < rounds; i++) {
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
          status = res.status;
          await res.arrayBuffer();
        }
        const gatewayMs = (cpuMs(pid) - before) / rounds;
        const dlpMs = dlpOnlyMs(body);
        adversarial[name] = { bytes: body.length, status, gateway_cpu_ms: +gatewayMs.toFixed(1), dlp_only_ms: +dlpMs.toFixed(1) };
      }
    }
    console.log(
      JSON.stringify({
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        backends: BACKENDS,
        pool_cpu_us_per_call: { one_backend: await poolOverheadUs(1), two_backends: await poolOverheadUs(2) },
        direct,
        gateway,
        overhead_p50_ms: +(gateway.p50_ms - direct.p50_ms).toFixed(3),
        overhead_p99_ms: +(gateway.p99_ms - direct.p99_ms).toFixed(3),
        gateway_cpu_ms_per_call: +cpuPerCall.toFixed(3),
        // The floor: a bare node:http proxy (passthrough-server.ts) in front of the same upstream.
        passthrough: { ...bare, overhead_p50_ms: +(bare.p50_ms - direct.p50_ms).toFixed(3), cpu_ms_per_call: +bareCpuPerCall.toFixed(3) },
        concurrency_1: {
          direct: latency(serialDirect),
          gateway: latency(serialGateway),
          overhead_p50_ms: +(serialGateway.p50_ms - serialDirect.p50_ms).toFixed(3),
          gateway_cpu_ms_per_call: +cpuPerSerialCall.toFixed(3),
          // Of which in the kernel: at concurrency 1 every socket read and write is a system call of its own.
          gateway_system_cpu_ms_per_call: +serialGateway.cpu.system.toFixed(3),
          passthrough: { ...latency(serialBare), overhead_p50_ms: +(serialBare.p50_ms - serialDirect.p50_ms).toFixed(3), cpu_ms_per_call: +bareCpuPerSerialCall.toFixed(3) },
          // The same gateway with budgets in memory: no reservation round trip before the call, no settle after it.
          in_memory_budgets: { ...latency(serialInMemory), overhead_p50_ms: +(serialInMemory.p50_ms - serialDirect.p50_ms).toFixed(3), cpu_ms_per_call: +inMemoryCpuPerSerialCall.toFixed(3) },
          // What the added p50 is made of, one call at a time: the pass-through floor (the two extra loopback
          // hops any proxy pays), the one Redis round trip the answer waits for (the reservation; the
          // settle runs after the answer), and the CPU the gateway spends beyond the bare proxy's (all of
          // it counted, though the settle's share runs after the answer). `unaccounted_ms` is the rest.
          breakdown: (() => {
            const floor = serialBare.p50_ms - serialDirect.p50_ms;
            const redisMs = redisRoundTrip.reserve_p50_ms;
            const cpuMs = cpuPerSerialCall - bareCpuPerSerialCall;
            const added = serialGateway.p50_ms - serialDirect.p50_ms;
            return {
              passthrough_floor_ms: +floor.toFixed(3),
              redis_round_trip_ms: redisMs,
              gateway_cpu_beyond_passthrough_ms: +cpuMs.toFixed(3),
              unaccounted_ms: +(added - floor - redisMs - cpuMs).toFixed(3),
              // Of the round trip, the server's own time in the reservation script (INFO commandstats, reserve and settle averaged),
              // measured while the calls above ran: higher than in the warm loop that times the round trip.
              redis_server_us_per_script: +redisScriptUs.toFixed(1),
              // Measured: the gateway with Redis budgets against the same gateway with budgets in memory, one call at a time.
              redis_legs_p50_ms: +(serialGateway.p50_ms - serialInMemory.p50_ms).toFixed(3),
              redis_legs_cpu_ms_per_call: +(cpuPerSerialCall - inMemoryCpuPerSerialCall).toFixed(3),
            };
          })(),
        },
        // Of the gateway's added latency, what each of its two budget round trips (before and after the call) costs on this loopback.
        redis_round_trip: redisRoundTrip,
        adversarial,
      }),
    );
  } finally {
    await Promise.all([stopServer(child), stopServer(passthrough.child), stopServer(inMemory.child)]);
    await Promise.all([upstream.stop(), issuer.stop(), redis?.stop(), ...others.map((o) => o.stop())]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
