/**
 * npm run build:function — bundles the Function app with esbuild into dist/function.zip:
 *   dist/index.js   one bundle (everything but @azure/functions-core, which the host provides)
 *   dist/chunks/    libraries needed only on some paths, required on first use (CHUNKS)
 *   dist/encodings/ the tokenizer encodings, required on first use
 *   host.json       routes without a prefix, so paths match Azure OpenAI's
 *   package.json    main → dist/index.js
 * Prints one JSON line with the zip's size and the bundle's load time (a cold-start proxy).
 */
import { buildSync } from 'esbuild';
import { zipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GATEWAY_NODE_VERSION } from '../config/runtime';

const ROOT = join(__dirname, '..');
export const DEFAULT_OUT_DIR = join(ROOT, 'dist', 'function');
export const DEFAULT_ZIP_PATH = join(ROOT, 'dist', 'function.zip');
/**
 * Flex Consumption's Node.js runtime version the bundle targets (config/runtime.ts; the stacks run the
 * same). Local runs and tests may stay on Node.js 20: the sources use nothing newer.
 */
export const NODE_VERSION = GATEWAY_NODE_VERSION;
const ENCODINGS_DIR = 'encodings';
const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
const CHUNKS_DIR = 'chunks';
/**
 * Library code a fresh instance needs neither to register its functions nor to validate its
 * configuration, each a bundle of its own (function/src/upstream/chunks.ts): the `openai` SDK serves
 * streams only; @azure/identity and the Redis client are needed only in Azure (or with REDIS_URL),
 * where the runtime loads them right after the functions are registered, before the first call.
 */
const CHUNKS: Record<string, string> = {
  openai: join(ROOT, 'function', 'src', 'upstream', 'sdk.ts'),
  identity: join(ROOT, 'function', 'src', 'upstream', 'identity.ts'),
  redis: join(ROOT, 'function', 'src', 'cost', 'redis-client.ts'),
};
/** The bundle's defines: where the encodings and chunks are, relative to dist/index.js. */
export const BUNDLE_DEFINE = {
  'process.env.GATEWAY_ENCODINGS_DIR': JSON.stringify(ENCODINGS_DIR),
  'process.env.GATEWAY_CHUNKS_DIR': JSON.stringify(CHUNKS_DIR),
};

/** Packages (or the gateway's own modules) of an esbuild output, by input path. */
function packagesOf(inputs: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const path of Object.keys(inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
    out.add(m ? m[1] : path);
  }
  return out;
}

/**
 * Synchronous, so that synthesis (main.ts) can build the zip it deploys before creating stacks.
 * `outDir` and `zipPath` default to dist/function and dist/function.zip (a test builds elsewhere).
 */
export function buildFunction(where: { outDir?: string; zipPath?: string } = {}): { zipPath: string; zipBytes: number; bundleBytes: number } {
  const outDir = where.outDir ?? DEFAULT_OUT_DIR;
  const zipPath = where.zipPath ?? DEFAULT_ZIP_PATH;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'dist'), { recursive: true });
  const common = { bundle: true, platform: 'node', target: `node${NODE_VERSION}`, format: 'cjs', minify: true, logLevel: 'warning', metafile: true, absWorkingDir: ROOT } as const;
  const main = buildSync({
    ...common,
    entryPoints: [join(ROOT, 'function', 'src', 'index.ts')],
    outfile: join(outDir, 'dist', 'index.js'),
    external: ['@azure/functions-core'],
    legalComments: 'linked',
    // The tokenizer encodings (function/src/cost/tokens.ts) and the chunks ship as files of their own.
    define: BUNDLE_DEFINE,
  });
  const seen = new Map([...packagesOf(Object.values(main.metafile.outputs).find((o) => o.entryPoint)!.inputs)].map((p) => [p, 'index.js']));
  for (const [name, entry] of Object.entries(CHUNKS)) {
    const chunk = buildSync({ ...common, entryPoints: [entry], outfile: join(outDir, 'dist', CHUNKS_DIR, `${name}.js`), legalComments: 'linked' });
    // A module in two files would run twice, as two copies (two classes, two caches): refuse it, and
    // any gateway module in a chunk.
    for (const p of packagesOf(Object.values(chunk.metafile.outputs).find((o) => o.entryPoint)!.inputs)) {
      if (p.startsWith('function/') && p !== relative(ROOT, entry)) throw new Error(`chunk "${name}" would bundle the gateway's module ${p}`);
      if (seen.has(p)) throw new Error(`chunk "${name}" would bundle a second copy of ${p} (also in ${seen.get(p)})`);
      seen.set(p, `chunk "${name}"`);
    }
  }
  for (const name of ENCODINGS) {
    buildSync({
      entryPoints: [require.resolve(`gpt-tokenizer/encoding/${name}`)],
      outfile: join(outDir, 'dist', ENCODINGS_DIR, `${name}.js`),
      bundle: true,
      platform: 'node',
      target: `node${NODE_VERSION}`,
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const files: Record<string, string> = {
    'host.json': readFileSync(join(ROOT, 'function', 'host.json'), 'utf8'),
    'package.json': `${JSON.stringify({ name: `${pkg.name}-gateway`, version: pkg.version, private: true, main: 'dist/index.js', engines: { node: `>=${NODE_VERSION}` } }, null, 2)}\n`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  const bundle = readFileSync(join(outDir, 'dist', 'index.js'));
  const mtime = new Date('2026-01-01T00:00:00Z'); // reproducible archive
  const zip = zipSync(
    {
      'host.json': [Buffer.from(files['host.json']), { mtime }],
      'package.json': [Buffer.from(files['package.json']), { mtime }],
      'dist/index.js': [bundle, { mtime }],
      'dist/index.js.LEGAL.txt': [readFileSync(join(outDir, 'dist', 'index.js.LEGAL.txt')), { mtime }],
      ...Object.fromEntries(
        Object.keys(CHUNKS).flatMap((name) =>
          [`${name}.js`, `${name}.js.LEGAL.txt`]
            .filter((file) => existsSync(join(outDir, 'dist', CHUNKS_DIR, file)))
            .map((file) => [`dist/${CHUNKS_DIR}/${file}`, [readFileSync(join(outDir, 'dist', CHUNKS_DIR, file)), { mtime }]]),
        ),
      ),
      ...Object.fromEntries(ENCODINGS.map((name) => [`dist/${ENCODINGS_DIR}/${name}.js`, [readFileSync(join(outDir, 'dist', ENCODINGS_DIR, `${name}.js`)), { mtime }]])),
    },
    { level: 9 },
  );
  writeFileSync(zipPath, zip);
  return { zipPath, zipBytes: zip.byteLength, bundleBytes: bundle.byteLength };
}

/** Time for a fresh Node.js process to load the bundle with a valid configuration (ms, median of 5). */
function loadTimeMs(): number {
  const env = {
    ...process.env,
    AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com/',
    GATEWAY_AUTH: 'none',
    GATEWAY_DEPLOYMENTS: 'gpt-4o=gpt-4o',
  };
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(join(DEFAULT_OUT_DIR, 'dist', 'index.js'))});process.stdout.write("\\nload_ms="+Number(process.hrtime.bigint()-t)/1e6)`;
  const run = () => Number(/load_ms=([\d.]+)/.exec(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))?.[1]);
  const runs = Array.from({ length: 5 }, run);
  return runs.sort((a, b) => a - b)[2];
}

const median = (xs: number[]) => +[...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(1);

/**
 * Cold start: a fresh Node.js process loads the gateway, connects to a real redis-server and serves
 * one ordinary chat call (Entra token checked against a loopback issuer, whose keys it fetches then,
 * DLP, budgets, a loopback upstream). The process runs bench/gateway-server.ts (the local HTTP adapter
 * in place of @azure/functions, which serves nothing outside the Functions host) bundled as the Function
 * app is: minified, every package inside, the chunks and encodings as files beside it, required on first
 * use. ready_ms: process start of the script to listening; first_call_ms: that call as the client
 * sees it; cold_start_ms: both; second_call_ms: the next call, for comparison; first_stream_ms: then the
 * process's first streamed call (medians of `runs`).
 *
 * `root` is the source tree to measure (another checkout for an A/B), built into `dir`;
 * COLD_START_PROFILE=<dir> writes each process's CPU profile there.
 */
export async function coldStart(root = ROOT, dir = join(ROOT, 'dist', 'cold-start'), runs = 5) {
  const { FakeAzureOpenAI } = require('../test/helpers/fake-azure-openai') as typeof import('../test/helpers/fake-azure-openai');
  const { LoopbackIssuer } = require('../test/helpers/issuer') as typeof import('../test/helpers/issuer');
  const { RedisServer } = require('../test/helpers/redis-server') as typeof import('../test/helpers/redis-server');
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  rmSync(dir, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', target: `node${NODE_VERSION}`, format: 'cjs', minify: true, logLevel: 'warning', absWorkingDir: root } as const;
  buildSync({ ...common, entryPoints: [join(root, 'bench', 'gateway-server.ts')], outfile: join(dir, 'gateway-server.js'), define: BUNDLE_DEFINE });
  for (const name of ENCODINGS) buildSync({ ...common, entryPoints: [require.resolve(`gpt-tokenizer/encoding/${name}`, { paths: [root] })], outfile: join(dir, ENCODINGS_DIR, `${name}.js`) });
  for (const [name, entry] of Object.entries(CHUNKS)) {
    const source = join(root, relative(ROOT, entry));
    if (existsSync(source)) buildSync({ ...common, entryPoints: [source], outfile: join(dir, CHUNKS_DIR, `${name}.js`) });
  }
  const started = await Promise.allSettled([new FakeAzureOpenAI().start(), new LoopbackIssuer().start(), RedisServer.start()] as const);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw (failed as PromiseRejectedResult).reason;
  }
  const [upstream, issuer, redis] = started.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
    InstanceType<typeof FakeAzureOpenAI>,
    InstanceType<typeof LoopbackIssuer>,
    Awaited<ReturnType<typeof RedisServer.start>>,
  ];
  const { loopbackGatewayEnv } = require('../bench/loopback-env') as typeof import('../bench/loopback-env');
  const env = loopbackGatewayEnv({ upstreamUrl: upstream.url, issuer, redisUrl: redis.url, deployments: 'chat=gpt-4o-mini@global' });
  // The child appends the time from the script's start to its "listening" line (its URL).
  const script = `const t=process.hrtime.bigint(),w=process.stdout.write.bind(process.stdout);let done=false;process.stdout.write=(s,...a)=>{if(!done&&/^http/.test(String(s))){done=true;s=String(s).trim()+" "+Number(process.hrtime.bigint()-t)/1e6+"\\n"}return w(s,...a)};require(${JSON.stringify(join(dir, 'gateway-server.js'))})`;
  const path = '/openai/deployments/chat/chat/completions?api-version=2024-10-21';
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'Summarise the deployment notes in three bullet points.' }], max_tokens: 100 });
  const streamBody = JSON.stringify({ ...JSON.parse(body), stream: true });
  const call = async (url: string, token?: string, stream = false) => {
    const t = process.hrtime.bigint();
    const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: stream ? streamBody : body });
    const text = await res.text();
    if (res.status !== 200 || (stream && !text.includes('data: [DONE]'))) throw new Error(`cold start: status ${res.status}: ${text.slice(0, 200)}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const samples: { ready: number; first: number; second: number; stream: number }[] = [];
  try {
    const token = await issuer.token();
    await call(upstream.url); // this process's own HTTP client, warmed up
    for (let i = 0; i < runs; i++) {
      const profile = process.env.COLD_START_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.COLD_START_PROFILE}`] : [];
      const child = spawn(process.execPath, [...profile, '-e', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        const line = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout!.on('data', (c: Buffer) => {
            out += c.toString();
            if (out.includes('\n')) resolve(out.split('\n')[0]);
          });
          child.once('exit', (code) => reject(new Error(`cold start: the gateway exited (${code}) before listening`)));
        });
        const [url, ready] = line.trim().split(' ');
        const first = await call(url, token);
        const second = await call(url, token);
        // The first stream loads the openai chunk.
        samples.push({ ready: Number(ready), first, second, stream: await call(url, token, true) });
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r)));
      }
    }
  } finally {
    await Promise.all([upstream.stop(), issuer.stop(), redis.stop()]);
  }
  return {
    ready_ms: median(samples.map((s) => s.ready)),
    first_call_ms: median(samples.map((s) => s.first)),
    cold_start_ms: median(samples.map((s) => s.ready + s.first)),
    second_call_ms: median(samples.map((s) => s.second)),
    first_stream_ms: median(samples.map((s) => s.stream)),
  };
}

if (require.main === module) {
  (async () => {
    if (process.env.COLD_START_ROOT) {
      // An A/B of another checkout with this harness: COLD_START_ROOT=<tree> (built under os.tmpdir()).
      const root = process.env.COLD_START_ROOT;
      console.log(JSON.stringify({ root, ...(await coldStart(root, join(require('node:os').tmpdir(), `cold-start-${process.pid}`))) }));
      return;
    }
    const t = process.hrtime.bigint();
    const { zipPath, zipBytes, bundleBytes } = buildFunction();
    const buildMs = Number(process.hrtime.bigint() - t) / 1e6;
    const load = +loadTimeMs().toFixed(1);
    // The cold start needs redis-server (as the tests do); without it the build still succeeds and says why.
    const cold = process.env.BUILD_COLD_START === '0' ? { cold_start: 'skipped (BUILD_COLD_START=0)' } : await coldStart().catch((e: Error) => ({ cold_start: `not measured: ${e.message}` }));
    console.log(JSON.stringify({ zip: zipPath, zip_bytes: zipBytes, bundle_bytes: bundleBytes, build_ms: Math.round(buildMs), load_ms: load, ...cold }));
  })().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
