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

describe('dlp CLI streams', () => {
  it('prints usage and exits 0 with --help', () => {
    const r = dlp(['--help'], '');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: dlp scan');
    expect(dlp(['scan', '-h'], '').code).toBe(0);
  });

  it('reads a FILE argument: the README example', () => {
    const r = dlp(['scan', '--jsonl', '--profile', 'europe', 'test/fixtures/dlp/prompts.jsonl'], '');
    expect(r.code).toBe(1);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l).findings.map((f: { type: string; rule: string }) => `${f.type}:${f.rule}`));
    expect(rows).toEqual([[], ['IBAN_CODE:iban', 'EMAIL_ADDRESS:email'], ['SECRET:uri-credentials']]);
    expect(dlp(['scan', 'no/such/file'], '')).toMatchObject({ code: 2, stderr: expect.stringContaining('cannot read no/such/file') });
  });

  it('finds a value on a window boundary once, in input larger than one scan may take', () => {
    const MB = 1024 * 1024;
    const secret = 'ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl';
    const at = MB - 20; // straddles the first 1 MiB window
    const filler = 'lorem ipsum dolor sit amet\n';
    const head = filler.repeat(Math.ceil(at / filler.length)).slice(0, at - 1) + ' ';
    const input = head + secret + ' ' + filler.repeat(Math.ceil((5 * MB) / filler.length));
    const r = dlp(['scan'], input);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ type: 'SECRET', rule: 'github-pat', start: at, end: at + secret.length })]);
  });
});

describe('scanStream', () => {
  const fc = require('fast-check') as typeof import('fast-check');
  const { scanStream } = require('../../function/src/dlp/cli') as typeof import('../../function/src/dlp/cli');
  const { redact, Scanner } = require('../../function/src/dlp') as typeof import('../../function/src/dlp');
  const scanner = new Scanner({ profile: 'all' });
  const piece = fc.constantFrom('jane.doe@example.com', '4111 1111 1111 1111', 'ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl', 'lorem', 'ipsum dolor', '\n', ' ', 'é', '😀');

  // Two shapes the property found: a window that starts inside a run of digit groups read it without the
  // text before it, and a window advancing less than a finding's length emitted text twice.
  it.each([
    [['ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl', 'jane.doe@example.com', 'jane.doe@example.com', '4111 1111 1111 1111', 'jane.doe@example.com', '4111 1111 1111 1111', '4111 1111 1111 1111', 'ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl'], 185],
    [Array(6).fill('jane.doe@example.com'), 121],
    [['😀', ...Array(6).fill('jane.doe@example.com')], 121],
  ])('one character per chunk, window %#: the findings and the redaction of one whole scan', async (parts, window) => {
    const text = (parts as string[]).join(' ');
    async function* chunks() {
      for (const c of text) yield c;
    }
    const seen: { type: string; start: number; end: number }[] = [];
    let out = '';
    await scanStream(chunks(), scanner, (findings, piece, at) => {
      seen.push(...findings.map(({ type, start, end }) => ({ type, start, end })));
      out += redact(piece, findings.map((f) => ({ ...f, start: f.start - at, end: f.end - at })));
    }, { window: window as number, overlap: 60 });
    const whole = scanner.scan(text);
    expect(whole.length).toBeGreaterThan(0);
    expect(seen).toEqual(whole.map(({ type, start, end }) => ({ type, start, end })));
    expect(out).toBe(redact(text, whole));
  });

  it('any chunking and window size give the findings and the redaction of one whole scan', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 121, max: 300 }), async (parts, cuts, window) => {
        const text = parts.join(' ');
        async function* chunks() {
          for (let i = 0, k = 0; i < text.length; k++) {
            const n = cuts[k % cuts.length];
            yield text.slice(i, i + n);
            i += n;
          }
        }
        const seen: { type: string; start: number; end: number }[] = [];
        let out = '';
        await scanStream(chunks(), scanner, (findings, piece, at) => {
          seen.push(...findings.map(({ type, start, end }) => ({ type, start, end })));
          out += redact(piece, findings.map((f) => ({ ...f, start: f.start - at, end: f.end - at })));
        }, { window, overlap: 60 });
        const whole = scanner.scan(text);
        expect(seen).toEqual(whole.map(({ type, start, end }) => ({ type, start, end })));
        expect(out).toBe(redact(text, whole));
      }),
      { numRuns: 150 },
    );
  });
});
