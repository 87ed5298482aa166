import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
function dlp(args: string[], input: string) {
  const r = spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', 'function/src/dlp/cli.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('dlp CLI', () => {
  it('prints findings for the whole input and exits 1 when something is found', () => {
    const r = dlp(['scan'], 'mail jane@example.com\n');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ findings: [{ type: 'EMAIL_ADDRESS', rule: 'email', start: 5, end: 21, score: 0.9 }] });
  });

  it('exits 0 with no findings', () => {
    const r = dlp(['scan'], 'nothing to see here\n');
    expect(r).toMatchObject({ code: 0, stdout: '{"findings":[]}\n' });
  });

  it('scans JSON lines in order and redacts', () => {
    const r = dlp(['scan', '--jsonl', '--redact', '--profile', 'europe'], '{"text":"hi"}\n{"text":"NHS 943 476 5919"}\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('{"text":"hi"}\n{"text":"NHS [REDACTED:UK_NHS]"}\n');
    const plain = dlp(['scan', '--jsonl'], '{"text":"hi"}\n{"text":"a@b.io"}\n');
    expect(plain.stdout.trim().split('\n').map((l) => JSON.parse(l).findings.length)).toEqual([0, 1]);
  });

  it('prints redacted text with --redact', () => {
    expect(dlp(['scan', '--redact'], 'card 4111 1111 1111 1111').stdout).toBe('card [REDACTED:CREDIT_CARD]');
  });

  it('exits 2 on bad usage or bad input, naming the problem', () => {
    expect(dlp(['scan', '--profile', 'mars'], 'x')).toMatchObject({ code: 2, stderr: expect.stringContaining('--profile must be one of') });
    expect(dlp(['scan', '--jsonl'], '{"text": 1}\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('line 1: expected {"text": "..."}') });
    expect(dlp(['scan', '--jsonl'], 'not json\n')).toMatchObject({ code: 2, stderr: expect.stringContaining('line 1: not JSON') });
    expect(dlp([], '')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: dlp scan') });
  });
});
