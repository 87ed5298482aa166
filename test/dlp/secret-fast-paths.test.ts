import fc from 'fast-check';
import { entropyAtLeast, mostFrequentCount } from '../../function/src/dlp/checksums';
import { SECRET_DETECTORS } from '../../function/src/dlp/detectors-secrets';
import { MIN_RUN } from '../../function/src/dlp/decode';
import { KeywordIndex } from '../../function/src/dlp/keyword-index';
import { TextPass } from '../../function/src/dlp/tokens';
import { looksGenerated, looksHandTyped, looksLikePlaceholder, plausibleSecret } from '../../function/src/dlp/secret-heuristics';

describe('looksGenerated and plausibleSecret', () => {
  const value = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'aAbB0123456789xyz+/_-=.'.split('')), maxLength: 90 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('abcdefghij', '0123456789', 'ABCDEFGHIJKL', 'xxxxxxxx', 'example', 'İ', 'é'), fc.string({ maxLength: 8 })).map((p) => p.join('')),
  );
  const threshold = fc.oneof(fc.constant(undefined), fc.constantFrom(0, 2, 2.75, 3, 3.2, 3.5, 4), fc.double({ min: 0, max: 6, noNaN: true }));

  it('agree with the separate checks they replace', () => {
    fc.assert(
      fc.property(value, threshold, (v, min) => {
        const separate = !looksHandTyped(v) && (min === undefined || entropyAtLeast(v, min, mostFrequentCount(v)));
        expect(looksGenerated(v, min)).toBe(separate);
        if (min !== undefined) expect(plausibleSecret(v, min)).toBe(!looksLikePlaceholder(v) && entropyAtLeast(v, min, mostFrequentCount(v)));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('secret rules at their keyword starts', () => {
  const atKeywords = SECRET_DETECTORS.filter((d) => !d.token && d.findAtKeywords && d.keywords);
  const prefixes = [...new Set(atKeywords.flatMap((d) => d.keywords ?? []))];
  // The engine's pass over the text records the keyword starts (as test/dlp/detector-paths.test.ts sets it up).
  const index = new KeywordIndex(prefixes);
  const pass = new TextPass({ gates: [], keywords: index.keywords, ...index.tables(), positional: new Set(prefixes), minRun: MIN_RUN });
  const flagsOf = (keywords: readonly string[]) => {
    const flags = new Uint8Array(index.keywords.length);
    for (const k of keywords) flags[index.keywords.indexOf(k)] = 1;
    return flags;
  };
  const original = (k: string) => [k, k.toUpperCase(), k.replace(/^./, (c) => c.toUpperCase())];
  // Vendor prefixes, runs of each body class at and around the lengths the rules accept, boundary characters.
  const unit = fc.oneof(
    fc.constantFrom(...prefixes.flatMap(original), 'ghp_', 'github_pat_', 'glpat-', 'ATATT3', 'GR1348941', 'api_key=', 'token: "', 'secret="'),
    fc.tuple(fc.constantFrom('ABCDEFabcdef0123456789', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'aZ9_-', 'Qx7=+/'), fc.constantFrom(1, 9, 19, 20, 21, 24, 26, 27, 28, 32, 34, 35, 36, 37, 40, 48, 60, 61, 82, 83, 150, 151, 186, 187, 200))
      .map(([chars, n]) => Array.from({ length: n }, (_, i) => chars[(i * 7 + n) % chars.length]).join('')),
    fc.constantFrom(' ', '\n', '-', '_', '.', '=', '"', "'", '`', ';', ',', '>', '<', '\\n', 'é', 'İ', '~'),
  );

  it('find exactly what their whole-text search finds', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (parts) => {
        const t = parts.join('');
        pass.run(t);
        for (const d of atKeywords) {
          expect({ rule: d.rule, found: [...d.findAtKeywords!(t, pass.keywordStarts(flagsOf(d.keywords!)))] }).toEqual({ rule: d.rule, found: [...d.find(t, t.toLowerCase())] });
        }
      }),
      { numRuns: 400 },
    );
  });

  it('find exactly what their whole-text search finds, on each prefix followed by runs of every length near the accepted ones', () => {
    let seed = 7;
    const random = (chars: string, n: number) =>
      Array.from({ length: n }, () => chars[(seed = (seed * 1103515245 + 12345) & 0x7fffffff) % chars.length]).join('');
    const bodies = ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/='];
    const lengths = [9, 10, 11, 19, 20, 21, 26, 27, 28, 33, 34, 35, 36, 37, 40, 41, 47, 48, 49, 59, 60, 61, 81, 82, 83, 149, 150, 151, 185, 186, 187, 193];
    // The rules matched by hand (prefixedTokenMatcher) and the generic assignment (its value-run shortcut).
    const handMatched = ['perplexity-api-key', 'huggingface-access-token', 'huggingface-organization-api-token', 'gcp-api-key', 'new-relic-user-api-key', 'atlassian-api-token', 'github-pat', 'github-oauth', 'github-refresh-token', 'github-fine-grained-pat', 'gitlab-pat', 'gitlab-ptt', 'gitlab-rrt', 'gitlab-runner-authentication-token', 'gitlab-deploy-token', 'npm-access-token'];
    const cases: [string[], string[], string[]][] = [
      [handMatched, ['', '-', 'x'], ['', '-', '.']],
      [['generic-api-key'], ['', ' '], ['', ' ', '"', 'x']],
    ];
    for (const [rules, befores, afters] of cases) for (const d of atKeywords.filter((x) => rules.includes(x.rule))) {
      const flags = flagsOf(d.keywords!);
      const variants = (k: string) => (d.rule === 'generic-api-key' ? [`${k}=`, `${k}: "`, `${k}_abcdefghijklmnopqrs.=`] : [k, k.toUpperCase()]);
      for (const k of d.keywords!) for (const prefix of variants(k)) for (const body of bodies) for (const n of lengths) {
        const run = random(body, n);
        for (const before of befores) for (const after of afters) {
          const t = `${before}${prefix}${run}${after}`;
          pass.run(t);
          expect({ rule: d.rule, t, found: [...d.findAtKeywords!(t, pass.keywordStarts(flags))] }).toEqual({ rule: d.rule, t, found: [...d.find(t, t.toLowerCase())] });
        }
      }
    }
  });
});
