import fc from 'fast-check';
import { normalize, originalSpan, redact, Scanner } from '../../function/src/dlp';

const scanner = new Scanner({ profile: 'all' });

/** Formatting characters a copy from a word processor or a web page can carry. */
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u200e'];
/** Characters a JSON body can carry between the characters of a value, which the model reads around. */
const CONTROLS = ['\u0000', '\u0001', '\u001b', '\u007f', '\u0080', '\u009f', '\ud800', '\udfff', '\ufffd'];
/** Separator spellings that normalize to at most one ASCII separator each. */
const SEPARATORS = [' ', '\u00a0', '\u2009', '\u202f', '\u3000', '-', '\u2010', '\u2011', '\u2013', '\u2014', '\u2212', '\ufe63', '.', '/', '\n'];
/** Cyrillic and Greek look-alikes of Latin letters (each maps back to the letter). */
const LOOKALIKE: Record<string, string[]> = {
  a: ['а', 'α'], c: ['с', 'ϲ'], e: ['е'], o: ['о', 'ο'], p: ['р', 'ρ'], x: ['х'], y: ['у'], i: ['і'], s: ['ѕ'], j: ['ј'],
  A: ['А', 'Α'], B: ['В', 'Β'], C: ['С'], E: ['Е', 'Ε'], H: ['Н', 'Η'], K: ['К', 'Κ'], M: ['М', 'Μ'], O: ['О', 'Ο'], P: ['Р', 'Ρ'], T: ['Т', 'Τ'], X: ['Х', 'Χ'],
};
const fullWidth = (ch: string) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0);

interface Value {
  type: string;
  /** Groups of characters; separators go between groups. */
  groups: string[];
  /** The separator used when a group boundary is kept as is. */
  separator: string;
  /** Separators this identifier is never written with. */
  not?: string;
}

const VALUES: Value[] = [
  { type: 'CREDIT_CARD', groups: ['4111', '1111', '1111', '1111'], separator: ' ' },
  { type: 'CREDIT_CARD', groups: ['5500', '0000', '0000', '0004'], separator: '-' },
  { type: 'US_SSN', groups: ['536', '22', '1234'], separator: '-' },
  { type: 'IBAN_CODE', groups: ['DE89', '3704', '0044', '0532', '0130', '00'], separator: ' ', not: '/' },
  { type: 'UK_NHS', groups: ['943', '476', '5919'], separator: ' ' },
];
const SECRETS = [
  { type: 'SECRET', text: 'ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl' },
  { type: 'SECRET', text: 'AKIAQYLPMN5HHHFPZAM2' },
  { type: 'SECRET', text: 'xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy' },
  { type: 'EMAIL_ADDRESS', text: 'jane.doe@example.com' },
];

/** Inserts invisible characters between some characters of `s` (inside the value, not at its ends). */
const sprinkle = (s: string, picks: number[]) => {
  const chars = [...s];
  const hidden = [...INVISIBLE, ...CONTROLS];
  return chars.map((ch, i) => (i < chars.length - 1 && picks[i % picks.length] % 5 === 0 ? ch + hidden[picks[i % picks.length] % hidden.length] : ch)).join('');
};

const prose = fc.string({ unit: fc.constantFrom(...'abcdefghij ,;'.split('')), maxLength: 80 }).map((s) => `${s} `);
const picks = fc.array(fc.nat(1000), { minLength: 1, maxLength: 40 });

function expectFoundExactly(text: string, start: number, end: number, type: string) {
  const findings = scanner.scan(text);
  const hit = findings.find((f) => f.type === type && f.start <= start && f.end >= end);
  expect(hit).toEqual(expect.objectContaining({ start, end }));
  // The redaction covers the value and keeps the text around it byte for byte.
  const out = redact(text, findings);
  expect(out.startsWith(text.slice(0, start))).toBe(true);
  expect(out.endsWith(text.slice(end))).toBe(true);
  expect(out).toContain(`[REDACTED:`);
}

describe('normalize', () => {
  it('leaves printable ASCII alone and maps every normalized character back into the original, in order', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom(...INVISIBLE, ...CONTROLS, ...SEPARATORS, 'é', 'ﬁ', '＠', '𝟗', '\ufdfa', 'р'), fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c))), maxLength: 200 }), (s) => {
        const n = normalize(s);
        if (!/[^\t\n\r\x20-\x7e]/.test(s)) {
          expect(n.text).toBe(s);
          expect(n.starts).toBeNull();
          return;
        }
        expect(n.starts?.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          const [a, b] = originalSpan(n, i, i + 1);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(b).toBeLessThanOrEqual(s.length);
          expect(a).toBeLessThan(b);
          if (i > 0) expect(a).toBeGreaterThanOrEqual(originalSpan(n, i - 1, i)[0]);
        }
        expect(n.text).not.toMatch(/[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u2009\u2013\u2014\u2212\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/);
        expect(n.text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }),
      { numRuns: 300 },
    );
  });

  it('maps full-width forms, Unicode dashes and spaces and look-alike letters to ASCII', () => {
    expect(normalize('４１１１\u00a0１１１１\u2013１１１１\u2009１１１１ ＠ ghр_').text).toBe('4111 1111-1111 1111 @ ghp_');
    expect(normalize('soft\u00adhyphen zero\u200bwidth').text).toBe('softhyphen zerowidth');
    // Control characters (tab and line ends kept), lone surrogates and U+FFFD go too; NEL is a line end.
    const n = normalize('4111\u00001111\u007f1111\ud8001111 a\tb\r\nc\u0085d\ufffde');
    expect(n.text).toBe('4111111111111111 a\tb\r\nc\nde');
    expect(originalSpan(n, 0, 16)).toEqual([0, 19]);
    expect(scanner.scan('card 4111\u00001111\u00001111\u00001111 ok')).toEqual([expect.objectContaining({ type: 'CREDIT_CARD', start: 5, end: 24 })]);
  });
});

describe('a value survives formatting and is found and redacted in the original text', () => {
  it('numeric identifiers: any mix of separators, full-width digits and invisible characters', () => {
    fc.assert(
      fc.property(prose, fc.constantFrom(...VALUES), picks, prose, (before, value, p, after) => {
        let k = 0;
        const next = () => p[k++ % p.length];
        const body = value.groups
          .map((g) => [...g].map((ch) => (/\d/.test(ch) && next() % 3 === 0 ? fullWidth(ch) : ch)).join(''))
          .map((g, i) => {
            if (i === 0) return g;
            const sep = SEPARATORS[next() % SEPARATORS.length];
            return (next() % 4 === 0 || value.not?.includes(sep) ? value.separator : sep) + g;
          })
          .join('');
        const formatted = sprinkle(body, p);
        const text = `${before}${formatted} ${after}`;
        expectFoundExactly(text, before.length, before.length + formatted.length, value.type);
      }),
      { numRuns: 400 },
    );
  });

  it('secrets and emails: look-alike letters, full-width letters and invisible characters', () => {
    fc.assert(
      fc.property(prose, fc.constantFrom(...SECRETS), picks, prose, (before, value, p, after) => {
        let k = 0;
        const next = () => p[k++ % p.length];
        const body = [...value.text]
          .map((ch) => {
            const r = next() % 6;
            if (r === 0 && LOOKALIKE[ch]) return LOOKALIKE[ch][next() % LOOKALIKE[ch].length];
            if (r === 1 && /[A-Za-z0-9@]/.test(ch)) return fullWidth(ch);
            return ch;
          })
          .join('');
        const formatted = sprinkle(body, p);
        const text = `${before}${formatted} ${after}`;
        expectFoundExactly(text, before.length, before.length + formatted.length, value.type);
      }),
      { numRuns: 400 },
    );
  });
});
