/**
 * The README's commands and snippets, run or validated as written: what a newcomer pastes must work.
 * Commands that need Azure (bootstrap, deploy, diff) are checked for the scripts and CLI
 * subcommands they name; the rest run here.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { landingZones } from '../config/landing-zones';
import { loadConfig, stackMatrix } from '../config';
import { synthesizeStacks } from '../main';

const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const lines = README.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  if (start < 0) throw new Error(`README has no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level && !inFence(lines, i));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function inFence(lines: string[], index: number): boolean {
  return lines.slice(0, index).filter((l) => l.trimStart().startsWith('```')).length % 2 === 1;
}

/** Fenced code blocks of a language, their indentation removed. */
function blocks(text: string, lang: string): string[] {
  const out: string[] = [];
  const re = /^([ \t]*)```(\w*)\n([\s\S]*?)^\1```/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[2] !== lang) continue;
    out.push(m[3].split('\n').map((l) => l.slice(m![1].length)).join('\n'));
  }
  return out;
}

/** A command line without its trailing `# comment` (two or more spaces, then #). */
const command = (line: string) => line.replace(/\s{2,}#.*$/, '').trim();

const sh = (cmd: string) => spawnSync('sh', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('README commands', () => {
  it('name npm scripts that exist', () => {
    const named = [...README.matchAll(/npm run (?:--silent )?([a-z][a-z0-9:-]*)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(10);
    expect([...new Set(named)].filter((n) => !(n in scripts))).toEqual([]);
  });

  it('use cdktf CLI subcommands that exist', () => {
    const used = [...README.matchAll(/npx cdktf ([a-z]+)/g)].map((m) => m[1]);
    expect(used).toEqual(expect.arrayContaining(['synth', 'deploy', 'diff']));
    expect([...new Set(used)].filter((c) => !['synth', 'deploy', 'diff', 'output'].includes(c))).toEqual([]);
  });

  it('run the DLP examples as written, with the output their comments promise', () => {
    const lines = blocks(section('## DLP engine (`function/src/dlp/`)'), 'sh')[0].split('\n').filter((l) => /^(echo|printf) /.test(l));
    expect(lines).toHaveLength(3);
    const [scan, redact, jsonl] = lines.map(command).map(sh);
    expect(scan.status).toBe(1); // "exit 1": a finding
    expect(JSON.parse(scan.stdout).findings).toEqual([expect.objectContaining({ type: 'CREDIT_CARD' })]);
    expect(redact.stdout.trim()).toBe('card [REDACTED:CREDIT_CARD]');
    const out = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l).findings.map((f: { type: string }) => f.type));
    expect(out).toEqual([['IBAN_CODE'], []]);
  });
});

describe('README "Adding a region profile"', () => {
  const text = section('### Adding a region profile');
  const [snippet] = blocks(text, 'ts');
  const profile = runInNewContext(`({${snippet}})`);
  const config: any = structuredClone(landingZones);
  Object.assign(config.regionProfiles, profile);
  // Step 2, as written: the environment's profiles and an address space.
  const step2 = /e\.g\. in `environments\.(\w+)`: `regionProfiles: (\[[^\]]*\])`\s+and `addressSpaces: \{ …, (\w+): '([^']+)' \}`/.exec(text);
  expect(step2).not.toBeNull();
  const [, env, profiles, name, cidr] = step2!;
  config.environments[env].regionProfiles = runInNewContext(profiles);
  config.environments[env].addressSpaces[name] = cidr;

  it('validates with the config loader and adds the stack step 3 names', () => {
    const loaded = loadConfig(config);
    expect(Object.keys(profile)).toEqual([name]);
    const stack = /the new stack is `<env>-<profile>` \(`([a-z0-9-]+)`\)/.exec(text)![1];
    expect(stackMatrix(loaded).map((t) => t.stackName)).toContain(stack);
  });

  it('synthesizes, policies included, with every located resource in the new region and the documented outputs', () => {
    const stack = `${env}-${name}`;
    const json = synthesizeStacks({ config: loadConfig(config), stacks: [stack] })[stack];
    const locations = new Set(Object.values(json.resource).flatMap((byName) => Object.values(byName).map((r) => r.location)).filter((l) => typeof l === 'string' && l !== 'global'));
    expect([...locations]).toEqual([profile[name].location]);
    const documented = [...section('### Stack outputs').matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(json.output ?? {}).sort());
  });
});
