/**
 * npm run build:function — bundles the Function app with esbuild into dist/function.zip:
 *   dist/index.js   one bundle (everything but @azure/functions-core, which the host provides)
 *   host.json       routes without a prefix, so paths match Azure OpenAI's
 *   package.json    main → dist/index.js
 * Prints one JSON line with the zip's size and the bundle's load time (a cold-start proxy).
 */
import { buildSync } from 'esbuild';
import { zipSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_VERSION } from '../config/runtime';

const ROOT = join(__dirname, '..');
export const OUT_DIR = join(ROOT, 'dist', 'function');
export const ZIP_PATH = join(ROOT, 'dist', 'function.zip');
/**
 * Flex Consumption's Node.js runtime version the bundle targets (config/runtime.ts; the stacks run the
 * same). Local runs and tests may stay on Node.js 20: the sources use nothing newer.
 */
export const NODE_VERSION = GATEWAY_NODE_VERSION;
const ENCODINGS_DIR = 'encodings';
const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;

/** Synchronous, so that synthesis (main.ts) can build the zip it deploys before creating stacks. */
export function buildFunction(): { zipPath: string; zipBytes: number; bundleBytes: number } {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(join(OUT_DIR, 'dist'), { recursive: true });
  buildSync({
    entryPoints: [join(ROOT, 'function', 'src', 'index.ts')],
    outfile: join(OUT_DIR, 'dist', 'index.js'),
    bundle: true,
    platform: 'node',
    target: `node${NODE_VERSION}`,
    format: 'cjs',
    external: ['@azure/functions-core'],
    minify: true,
    legalComments: 'linked',
    logLevel: 'warning',
    // The tokenizer encodings ship as files of their own, loaded on first use (function/src/cost/tokens.ts).
    define: { 'process.env.GATEWAY_ENCODINGS_DIR': JSON.stringify(ENCODINGS_DIR) },
  });
  for (const name of ENCODINGS) {
    buildSync({
      entryPoints: [require.resolve(`gpt-tokenizer/encoding/${name}`)],
      outfile: join(OUT_DIR, 'dist', ENCODINGS_DIR, `${name}.js`),
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
  for (const [name, text] of Object.entries(files)) writeFileSync(join(OUT_DIR, name), text);
  const bundle = readFileSync(join(OUT_DIR, 'dist', 'index.js'));
  const mtime = new Date('2026-01-01T00:00:00Z'); // reproducible archive
  const zip = zipSync(
    {
      'host.json': [Buffer.from(files['host.json']), { mtime }],
      'package.json': [Buffer.from(files['package.json']), { mtime }],
      'dist/index.js': [bundle, { mtime }],
      'dist/index.js.LEGAL.txt': [readFileSync(join(OUT_DIR, 'dist', 'index.js.LEGAL.txt')), { mtime }],
      ...Object.fromEntries(ENCODINGS.map((name) => [`dist/${ENCODINGS_DIR}/${name}.js`, [readFileSync(join(OUT_DIR, 'dist', ENCODINGS_DIR, `${name}.js`)), { mtime }]])),
    },
    { level: 9 },
  );
  writeFileSync(ZIP_PATH, zip);
  return { zipPath: ZIP_PATH, zipBytes: zip.byteLength, bundleBytes: bundle.byteLength };
}

/** Time for a fresh Node.js process to load the bundle with a valid configuration (ms, median of 5). */
function loadTimeMs(): number {
  const env = {
    ...process.env,
    AZURE_OPENAI_ENDPOINT: 'https://example.openai.azure.com/',
    GATEWAY_AUTH: 'none',
    GATEWAY_DEPLOYMENTS: 'gpt-4o=gpt-4o',
  };
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(join(OUT_DIR, 'dist', 'index.js'))});process.stdout.write("\\nload_ms="+Number(process.hrtime.bigint()-t)/1e6)`;
  const run = () => Number(/load_ms=([\d.]+)/.exec(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))?.[1]);
  const runs = Array.from({ length: 5 }, run);
  return runs.sort((a, b) => a - b)[2];
}

if (require.main === module) {
  const t = process.hrtime.bigint();
  const { zipPath, zipBytes, bundleBytes } = buildFunction();
  const buildMs = Number(process.hrtime.bigint() - t) / 1e6;
  console.log(JSON.stringify({ zip: zipPath, zip_bytes: zipBytes, bundle_bytes: bundleBytes, build_ms: Math.round(buildMs), load_ms: +loadTimeMs().toFixed(1) }));
}
