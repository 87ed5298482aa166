import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const tmp = mkdtempSync(join(tmpdir(), 'lz-app-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs the app command of cdktf.json (main.ts) in a child process, with config/landing-zones.ts
 * replaced by `mutate(copy of it)` through a preloaded module.
 */
function runApp(mutate: string, env: Record<string, string> = {}) {
  const preload = join(tmp, `preload-${Math.random().toString(36).slice(2)}.js`);
  writeFileSync(
    preload,
    `const file = require.resolve(${JSON.stringify(join(ROOT, 'config', 'landing-zones'))});
const config = structuredClone(require(file).landingZones);
(${mutate})(config);
require.cache[file].exports = { landingZones: config };
`,
  );
  const outdir = join(tmp, `out-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', '--require', preload, 'main.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir, LZ_STATE_STORAGE_ACCOUNT: '', LZ_STATE_CONTAINER: '', ...env },
    timeout: 120_000,
  });
  return { ...r, outdir };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('the app command on bad input', () => {
  it('prints each configuration problem once, no stack trace, exits 1 and writes nothing', () => {
    const r = runApp(`(c) => { c.prefix = 'AOAI!'; c.environments.prod.addressSpaces.australia = '10.40.2.0/24'; }`);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const problems = [
      'config.prefix: prefix: 2-8 lower-case letters or digits, starting with a letter',
      'config.environments.prod.addressSpaces.australia: 10.40.2.0/24 overlaps environments.dev.addressSpaces.europe',
    ];
    for (const p of problems) expect({ p, times: count(r.stderr, p) }).toEqual({ p, times: 1 });
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr.trim().split('\n')).toHaveLength(1 + problems.length);
    expect(existsSync(r.outdir)).toBe(false);
  });

  it('names the variables of a half-configured remote state', () => {
    const r = runApp('() => {}', { LZ_STATE_STORAGE_ACCOUNT: 'sttfstate' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('env: Remote state needs both LZ_STATE_STORAGE_ACCOUNT and LZ_STATE_CONTAINER');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('LZ_STACKS', () => {
  it('synthesizes only the stacks it names', () => {
    const r = runApp('() => {}', { LZ_STACKS: 'prod-australia, dev-europe' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(readdirSync(join(r.outdir, 'stacks')).sort()).toEqual(['dev-europe', 'prod-australia']);
  });

  it('names the variable and the known stacks for an unknown one', () => {
    const r = runApp('() => {}', { LZ_STACKS: 'dev-mars' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(
      'Invalid landing zone configuration:\n  - env.LZ_STACKS: unknown stack "dev-mars"; known stacks: dev-europe, dev-us-healthcare, dev-australia, prod-europe, prod-us-healthcare, prod-australia',
    );
    expect(existsSync(r.outdir)).toBe(false);
  });
});
