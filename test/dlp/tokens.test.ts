import fc from 'fast-check';
import { ALL_DETECTORS } from '../../function/src/dlp';
import { detectorsFor } from '../../function/src/dlp/engine';
import { base64Runs, MIN_RUN } from '../../function/src/dlp/decode';
import { KeywordIndex } from '../../function/src/dlp/keyword-index';
import { DIGIT, GateDispatch, LOWER, NON_HEX, TextPass, tokenize, UPPER } from '../../function/src/dlp/tokens';

describe('tokenizing pass', () => {
  it('records every maximal run of ASCII letters and digits with its classes', () => {
    const t = tokenize('ab 12-Xy_q9 é zz');
    const tokens = Array.from({ length: t.count }, (_, k) => [t.start[k], t.length[k], t.mask[k]]);
    expect(tokens).toEqual([
      [0, 2, LOWER],
      [3, 2, DIGIT],
      [6, 2, UPPER | LOWER | NON_HEX],
      [9, 2, LOWER | DIGIT | NON_HEX],
      [14, 2, LOWER | NON_HEX],
    ]);
  });

  /** Units that make every gated detector's values likely: digits, separators, the letters of SSN/NIE/DEA/MBI shapes. */
  const text = fc.string({ unit: fc.constantFrom(...'0123456789 -.+()/:SGsXYZKLMabcAB\n'.split('')), maxLength: 300 });
  const detectors = [...detectorsFor('all'), ...ALL_DETECTORS];
  // The engine's path: every gate in one dispatch table, one pass over the tokens.
  const gated = detectors.filter((d) => d.token && d.findAt);
  const dispatch = new GateDispatch(gated.map((d) => d.token!));

  it('a gated detector, alone or through the shared dispatch, finds exactly what its whole-text pattern finds', () => {
    fc.assert(
      fc.property(text, (t) => {
        const lower = t.toLowerCase();
        const tokens = tokenize(t);
        const starts = dispatch.starts(t, tokens);
        for (const d of detectors) {
          const whole = [...d.find(t, lower, undefined as never)];
          expect({ rule: d.rule, found: [...d.find(t, lower, tokens)] }).toEqual({ rule: d.rule, found: whole });
          const g = gated.indexOf(d);
          if (g >= 0) expect({ rule: d.rule, found: [...d.findAt!(t, starts[g])] }).toEqual({ rule: d.rule, found: whole });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('valid values of every gated type are still found through the gates', () => {
    const samples = ['+44 20 7946 0958', '(212) 555-0100', '192.168.10.4', '1EG4-TE5-MK73', 'AB1234563', 'AB 12 34 56 C', '12345678Z', 'X1234567L', 'RSSMRA85T10A562S', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', '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', '131052-308T', 'x131052-308T', '131052A308T', 'is030594W903B', 'DE89 3704 0044 0532 0130 00', 'aa:bb:cc:dd:ee:ff', '0011.2233.4455', 'fe80::1', '::1', '4111 1111 1111 1111', '078-05-1120'];
    for (const s of samples) {
      const t = `x ${s} y`;
      const lower = t.toLowerCase();
      const tokens = tokenize(t);
      let found = 0;
      for (const d of detectors) {
        const whole = [...d.find(t, lower, undefined as never)];
        found += whole.length;
        expect([...d.find(t, lower, tokens)]).toEqual(whole);
      }
      expect({ s, found: found > 0 }).toEqual({ s, found: true });
    }
  });
});

describe('the engine pass (TextPass)', () => {
  const detectors = detectorsFor('all');
  const gated = detectors.filter((d) => d.token && d.findAt);
  const keywords = new KeywordIndex(detectors.flatMap((d) => d.keywords ?? []));
  const positionalDetectors = detectors.filter((d) => d.findAtKeywords);
  const positional = new Set(positionalDetectors.flatMap((d) => d.keywords ?? []));
  const pass = new TextPass({ gates: gated.map((d) => d.token!), keywords: keywords.keywords, ...keywords.tables(), positional, minRun: MIN_RUN });
  const dispatch = new GateDispatch(gated.map((d) => d.token!));
  const unit = fc.constantFrom(...'0123456789 -.+()/:_=%SGsXYZKLMabcAB\n'.split(''), 'key', 'Token', 'api', 'secret', 'PASSWORD', 'é', 'ghp_');
  const text = fc.array(unit, { maxLength: 120 }).map((u) => u.join(''));

  it('records the same gate starts as the dispatch over tokenize, the same keywords and the same base64 runs', () => {
    fc.assert(
      fc.property(text, (t) => {
        pass.run(t);
        const starts = dispatch.starts(t, tokenize(t));
        gated.forEach((_, g) => expect(Array.from(pass.starts(g))).toEqual(Array.from(starts[g])));
        const present = keywords.present(t.toLowerCase());
        keywords.keywords.forEach((k, i) => expect([k, pass.present(i)]).toEqual([k, present.has(k)]));
        const runs = base64Runs(t);
        expect(Array.from(pass.runStart.subarray(0, pass.runCount))).toEqual(Array.from(runs.runStart));
        expect(Array.from(pass.runEnd.subarray(0, pass.runCount))).toEqual(Array.from(runs.runEnd));
        expect(Array.from(pass.runMask.subarray(0, pass.runCount))).toEqual(Array.from(runs.runMask));
        expect(pass.percent).toBe(runs.percent);
      }),
      { numRuns: 300 },
    );
  });

  it('a detector tried at its keyword starts finds exactly what its whole-text search finds', () => {
    expect(positionalDetectors.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('api_key = "Zq8mW2vL9xRkT4pQ7"', 'apiKey: Kf93jdQ1xLm2p9', 'secret', 'token=', ' ', '\n', '"', 'ab', 'TOKEN := "7Gh2kLq9ZpXw3vBn"'), { maxLength: 30 }), (parts) => {
        const t = parts.join('');
        pass.run(t);
        const lower = t.toLowerCase();
        for (const d of positionalDetectors) {
          const flags = new Uint8Array(keywords.keywords.length);
          for (const k of d.keywords ?? []) flags[keywords.keywords.indexOf(k)] = 1;
          expect({ rule: d.rule, found: [...d.findAtKeywords!(t, pass.keywordStarts(flags))] }).toEqual({ rule: d.rule, found: [...d.find(t, lower)] });
        }
      }),
      { numRuns: 300 },
    );
  });
});
