import fc from 'fast-check';
import { encodedSegments, MAX_SEGMENT, redact, Scanner } from '../../function/src/dlp';

const scanner = new Scanner({ profile: 'all' });

type Codec = { name: 'base64' | 'hex' | 'percent'; encode: (s: string) => string };
const CODECS: Codec[] = [
  { name: 'base64', encode: (s) => Buffer.from(s, 'utf8').toString('base64') },
  { name: 'base64', encode: (s) => Buffer.from(s, 'utf8').toString('base64url') },
  { name: 'hex', encode: (s) => Buffer.from(s, 'utf8').toString('hex') },
  // Every byte escaped, as obfuscated URLs and form posts do.
  { name: 'percent', encode: (s) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('') },
];
const VALUES = [
  { type: 'SECRET', text: 'token ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl' },
  { type: 'SECRET', text: 'AKIAQYLPMN5HHHFPZAM2' },
  { type: 'SECRET', text: 'postgres://app:Zq8mW2vL9xR@db.internal:5432/app' },
  { type: 'EMAIL_ADDRESS', text: 'mail jane.doe@example.com' },
  { type: 'CREDIT_CARD', text: 'card 4111 1111 1111 1111' },
];
const prose = fc.string({ unit: fc.constantFrom(...'abcdefghij ,;'.split('')), maxLength: 60 }).map((s) => `${s} `);

describe('decoding', () => {
  it('a value inside one or two layers of base64, hex or percent-encoding is found, names the encodings, and is redacted', () => {
    fc.assert(
      fc.property(prose, fc.constantFrom(...VALUES), fc.array(fc.constantFrom(...CODECS), { minLength: 1, maxLength: 2 }), prose, (before, value, codecs, after) => {
        // Innermost first: codecs[0] is applied first, so the outermost is the last one.
        const encoded = codecs.reduce((s, c) => c.encode(s), value.text);
        const text = `${before}${encoded} ${after}`;
        const start = before.length;
        const end = start + encoded.length;
        const findings = scanner.scan(text);
        const hit = findings.find((f) => f.type === value.type && f.start <= start && f.end >= end);
        expect(hit).toBeDefined();
        expect(hit?.encoding).toBe([...codecs].reverse().map((c) => c.name).join('/'));
        const out = redact(text, findings);
        expect(out).not.toContain(encoded);
        expect(out.startsWith(text.slice(0, start))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('scans many segments together and maps each finding to its own segment', () => {
    const a = Buffer.from('mail jane.doe@example.com').toString('base64');
    const b = Buffer.from('token ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl').toString('hex');
    const c = Buffer.from('nothing here at all').toString('base64');
    const text = `x ${a} y ${c} z ${b} .`;
    const found = scanner.scan(text).map(({ type, start, end, encoding }) => ({ type, start, end, encoding }));
    expect(found).toEqual([
      { type: 'EMAIL_ADDRESS', start: 2, end: 2 + a.length, encoding: 'base64' },
      { type: 'SECRET', start: text.indexOf(b), end: text.indexOf(b) + b.length, encoding: 'hex' },
    ]);
  });

  it('does not decode a segment the caller skips (one already inside a finding)', () => {
    const a = Buffer.from('mail jane.doe@example.com').toString('base64');
    expect(encodedSegments(`x ${a} y`).map((g) => g.start)).toEqual([2]);
    expect(encodedSegments(`x ${a} y`, (start, end) => start <= 2 && end >= 2 + a.length)).toEqual([]);
  });

  it('leaves binary, words and hashes alone', () => {
    expect(encodedSegments(Buffer.from([0, 1, 2, 250, 251, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]).toString('base64'))).toEqual([]);
    expect(encodedSegments('internationalization')).toEqual([]);
    expect(encodedSegments('commit 3f786850e387550fdab836ed7e6dc881de23001b')).toEqual([]);
  });

  it('stops at the configured depth and never decodes a segment over the size bound', () => {
    const twice = Buffer.from(Buffer.from('jane.doe@example.com').toString('base64')).toString('base64');
    expect(new Scanner({ decodeDepth: 2 }).scan(twice).map((f) => f.encoding)).toContain('base64/base64');
    expect(new Scanner({ decodeDepth: 1 }).scan(twice).filter((f) => f.type === 'EMAIL_ADDRESS')).toEqual([]);
    expect(new Scanner({ decodeDepth: 0 }).scan(Buffer.from('jane.doe@example.com').toString('base64'))).toEqual([]);
    expect(() => new Scanner({ decodeDepth: -1 })).toThrow(/decodeDepth must be an integer/);
    const big = Buffer.from(`${'x'.repeat(MAX_SEGMENT)} jane.doe@example.com`).toString('base64');
    expect(encodedSegments(big)).toEqual([]);
  });
});
