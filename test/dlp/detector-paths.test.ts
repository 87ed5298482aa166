import fc from 'fast-check';
import { MIN_RUN } from '../../function/src/dlp/decode';
import { DESCRIBED_RULES } from '../../function/src/dlp/detectors-secrets';
import { detectorsFor } from '../../function/src/dlp/engine';
import { KeywordIndex } from '../../function/src/dlp/keyword-index';
import { entropyAtLeast, mostFrequentCount, shannonEntropy } from '../../function/src/dlp/checksums';
import { literalPrefixes } from '../../function/src/dlp/regex-detector';
import { GateDispatch, TextPass, tokenize } from '../../function/src/dlp/tokens';

/**
 * The gated search of a detector (its pattern or hand-written scan tried at the offsets its gate
 * passes) against its whole-text regex, on input dense in what the numeric scan, phone, IP and
 * identity-code rules look at: digit groups of every length, every separator and its repeats,
 * the characters their look-arounds test.
 */
describe('gated detectors on digit-dense text', () => {
  const detectors = detectorsFor('all').filter((d) => d.token && d.findAt);
  const dispatch = new GateDispatch(detectors.map((d) => d.token!));
  const unit = fc.oneof(
    fc.constantFrom(' ', '  ', '   ', '    ', '\t', '\n', '\r', '.', '-', '/', '+', '(', ')', ':', '_', '%', 'a', 'Z', 'T', 'e', 'W', ' - ', '..'),
    fc.stringMatching(/^[0-9]{1,22}$/),
    fc.constantFrom('4111 1111 1111 1111', '078-05-1120', '+44 20 7946 0958', '(212) 555-0134', '10.0.0.1', 'fe80::1', '131052-308T', '2026-11-03T12:34:56Z', '123.45'),
    fc.constantFrom('AB 12 34 56 C', 'QQ123456A', 'ab 12 3456 d', 'AB12 34 56', '12345678Z', '1234567-l', '123456789A', '1EG4-TE5-MK73', '1EG4TE5MK73', '1e-4', '192.168.1.300', '1.2.3', '1.22.333.4444'),
  );
  const text = fc.array(unit, { maxLength: 60 }).map((u) => u.join(''));

  it('finds exactly what the whole-text pattern finds', () => {
    fc.assert(
      fc.property(text, (t) => {
        const starts = dispatch.starts(t, tokenize(t));
        detectors.forEach((d, g) => {
          expect({ rule: d.rule, found: [...d.findAt!(t, starts[g])] }).toEqual({ rule: d.rule, found: [...d.find(t, t.toLowerCase())] });
        });
      }),
      { numRuns: 1500 },
    );
  });

  it('finds values in a run of groups that the pattern splits where a group is too long or a separator run too wide', () => {
    const numeric = detectors[0];
    expect(numeric.rule).toBe('numeric');
    const cases: [string, number[][]][] = [
      ['4111 1111 1111 1111 12345678901234567890', [[0, 19]]],
      ['4111 1111 1111 1111    7', [[0, 19]]],
      ['4111 1111 1111 1111 1 2 3', [[0, 19]]],
      ['4111 - 1111 - 1111 - 1111', [[0, 25]]],
      ['4111 1111 1111 1111-x', []],
      ['4111    1111 1111 1111', []],
    ];
    for (const [t, cards] of cases) {
      const starts = dispatch.starts(t, tokenize(t));
      const found = [...numeric.findAt!(t, starts[0])];
      expect(found).toEqual([...numeric.find(t, t)]);
      expect({ t, cards: found.filter((c) => c.type === 'CREDIT_CARD').map((c) => [c.start, c.end]) }).toEqual({ t, cards });
    }
  });
});

describe('detectors tried at their keyword starts', () => {
  const detectors = detectorsFor('all');
  const atKeywords = detectors.filter((d) => !d.token && d.findAtKeywords);
  const keywords = new KeywordIndex(detectors.flatMap((d) => d.keywords ?? []));
  const positional = new Set(atKeywords.flatMap((d) => d.keywords ?? []));
  const pass = new TextPass({ gates: [], keywords: keywords.keywords, ...keywords.tables(), positional, minRun: MIN_RUN });
  const flagsOf = (d: (typeof detectors)[number]) => {
    const flags = new Uint8Array(keywords.keywords.length);
    for (const k of d.keywords ?? []) flags[keywords.keywords.indexOf(k)] = 1;
    return flags;
  };
  const check = (t: string) => {
    pass.run(t);
    const lower = t.toLowerCase();
    for (const d of atKeywords) {
      expect({ rule: d.rule, found: [...d.findAtKeywords!(t, pass.keywordStarts(flagsOf(d)))] }).toEqual({ rule: d.rule, found: [...d.find(t, lower)] });
    }
  };

  it('include the vendor-prefixed secret rules', () => {
    const rules = new Set(atKeywords.map((d) => d.rule));
    for (const rule of ['github-pat', 'aws-access-token', 'slack-bot-token', 'stripe-access-token', 'azure-storage-account-key', 'jwt-base64', 'generic-api-key']) expect([rule, rules.has(rule)]).toEqual([rule, true]);
    // A match that can start before its keyword (an optional scheme, a `?` or `&`) is searched in the whole text.
    for (const rule of ['slack-webhook-url', 'azure-sas-token', 'jwt', 'microsoft-teams-webhook']) expect([rule, rules.has(rule)]).toEqual([rule, false]);
  });

  it('read the literal prefixes of a pattern, or none where a match may start otherwise', () => {
    expect(literalPrefixes(String.raw`(?<![\w-])gh[us]_[A-Za-z0-9]{36}`)).toEqual(['ghu_', 'ghs_']);
    expect(literalPrefixes(String.raw`(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA)[A-Z2-7]{16}`)).toEqual(['A3T', 'AKIA', 'ASIA']);
    expect(literalPrefixes(String.raw`sk-(?:proj|admin)-[\w-]{40}`)).toEqual(['sk-proj-', 'sk-admin-']);
    expect(literalPrefixes(String.raw`AccountKey=([A-Za-z0-9+/]{86}==)`)).toEqual(['AccountKey=']);
    expect(literalPrefixes(String.raw`(?:https?:\/\/)?hooks\.slack\.com`)).toBeNull();
    expect(literalPrefixes(String.raw`sk-(?:(?:proj|admin)-)?[\w-]{20}`)).toEqual(['sk-']);
    expect(literalPrefixes(String.raw`a|[\w]b`)).toBeNull();
    expect(literalPrefixes(String.raw`x?y`)).toBeNull();
  });

  it('find exactly what their whole-text search finds, on every rule sample and around it', () => {
    for (const d of DESCRIBED_RULES) for (const t of [...d.positives, ...d.negatives]) {
      check(t);
      check(`${t} ${t}`);
      check(`x${t}`);
      check(t.toUpperCase());
    }
  });

  it('find exactly what their whole-text search finds, on text dense in their keywords', () => {
    const words = [...positional].flatMap((k) => [k, k.toUpperCase()]);
    const unit = fc.oneof(
      fc.constantFrom(...words),
      fc.constantFrom(' ', '=', '"', ':', '-', '_', '.', '\n', '/', '+'),
      fc.stringMatching(/^[A-Za-z0-9]{1,40}$/),
      fc.constantFrom(...DESCRIBED_RULES.flatMap((d) => d.positives)),
    );
    fc.assert(fc.property(fc.array(unit, { maxLength: 40 }), (parts) => check(parts.join(''))), { numRuns: 400 });
  });
});

describe('entropyAtLeast', () => {
  it('agrees with the Shannon entropy compared to the threshold, ASCII or not', () => {
    const value = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'aAbB0123456789xyz+/_-'.split('')), minLength: 1, maxLength: 90 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.constantFrom('abcdefgh', 'aabbccdd', 'abcdefghijklmnop', '0123456789abcdef', 'ab'.repeat(16)),
    );
    const threshold = fc.oneof(fc.constantFrom(0, 1, 2, 2.75, 3, 3.2, 3.5, 3.8, 4), fc.double({ min: 0, max: 6, noNaN: true }));
    fc.assert(
      fc.property(value, threshold, (s, min) => {
        expect(entropyAtLeast(s, min, mostFrequentCount(s))).toBe(shannonEntropy(s) >= min);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('context window', () => {
  it('lower-cases the same joined by a space as side by side (what contextScore relies on)', () => {
    const side = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: fc.constantFrom('Σ', 'Α', 'a', "'", '.', '\u0301', '\u0345', 'İ', 'ß', 'K', ' '), maxLength: 8 }));
    fc.assert(fc.property(side, side, (a, b) => expect((a + ' ' + b).toLowerCase()).toBe(a.toLowerCase() + ' ' + b.toLowerCase())), { numRuns: 3000 });
  });
});
