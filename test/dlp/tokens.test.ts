import fc from 'fast-check';
import { ALL_DETECTORS } from '../../function/src/dlp';
import { detectorsFor, Scanner } from '../../function/src/dlp/engine';
import { base64Runs, MIN_RUN } from '../../function/src/dlp/decode';
import { KeywordIndex } from '../../function/src/dlp/keyword-index';
import { B64_PUNCT, DIGIT, GateDispatch, LOWER, NON_HEX, TextPass, type TokenGate, tokenize, UNITS_PADDING, unitsOf, UPPER } from '../../function/src/dlp/tokens';

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

/**
 * The pass's outputs computed the plain way, from the definitions: tokens are maximal runs of ASCII
 * letters and digits, a gate holds by its fields, a keyword occurs where the text (A–Z folded to
 * a–z, nothing else) holds it, a run is a maximal run of letters, digits and `+ / - _`.
 */
function reference(text: string, gates: readonly TokenGate[], keywords: readonly string[], positional: ReadonlySet<string>, minRun: number) {
  const classOf = (ch: string) => {
    if (/[0-9]/.test(ch)) return DIGIT;
    if (/[a-z]/.test(ch)) return LOWER | (ch > 'f' ? NON_HEX : 0);
    if (/[A-Z]/.test(ch)) return UPPER | (ch > 'F' ? NON_HEX : 0);
    return /[+/_-]/.test(ch) ? B64_PUNCT : 0;
  };
  const units = [...Array(text.length).keys()].map((i) => text[i]); // code units, surrogates apart
  const starts: number[][] = gates.map(() => []);
  const runs: [number, number, number][] = [];
  for (const [re, visit] of [
    [/[A-Za-z0-9]+/g, (s: number, len: number, mask: number) => {
      gates.forEach((g, k) => {
        const next = units[s + len];
        const holds =
          (g.first === undefined || g.first.includes(units[s])) &&
          (mask & (g.has ?? 0)) === (g.has ?? 0) &&
          (mask & (g.lacks ?? 0)) === 0 &&
          (!g.hasAny || (mask & g.hasAny) !== 0) &&
          len >= (g.minLength ?? 1) &&
          len <= (g.maxLength ?? Infinity) &&
          (!g.longerHas || len <= g.longerHas.than || (mask & g.longerHas.has) === g.longerHas.has) &&
          (g.next === undefined || (next !== undefined && next.charCodeAt(0) < 128 && g.next.includes(next)));
        const before = units[s - 1];
        const at = g.lead !== undefined && before !== undefined && before.charCodeAt(0) < 128 && g.lead.includes(before) ? s - 1 : s;
        const ruledOut = g.notAfter !== undefined && at > 0 && units[at - 1].charCodeAt(0) < 128 && g.notAfter.includes(units[at - 1]);
        let chained = true;
        if (g.chain && at === s && len <= g.chain.than) {
          let t = s + len;
          while (t < s + len + g.chain.within && units[t] !== undefined && units[t].charCodeAt(0) < 128 && g.chain.separators.includes(units[t])) t++;
          chained = t > s + len && units[t] !== undefined && /[0-9]/.test(units[t]);
        }
        if (holds && !ruledOut && chained) starts[k].push(g.atEnd === true ? s + len : at);
      });
    }],
    [/[A-Za-z0-9+/_-]+/g, (s: number, len: number, mask: number) => {
      if (len >= minRun) runs.push([s, s + len, mask]);
    }],
  ] as const) {
    for (const m of text.matchAll(re)) visit(m.index, m[0].length, [...m[0]].reduce((a, ch) => a | classOf(ch), 0));
  }
  const folded = text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  const occurrences = keywords.map((k) => {
    const at: number[] = [];
    for (let p = folded.indexOf(k); p !== -1; p = folded.indexOf(k, p + 1)) at.push(p);
    return at;
  });
  return {
    starts,
    present: occurrences.map((at) => at.length > 0),
    /** For `wanted` (a flag per keyword), the sorted distinct starts of the positional keywords wanted. */
    keywordStarts: (wanted: Uint8Array) => [...new Set(keywords.flatMap((k, i) => (wanted[i] === 1 && positional.has(k) ? occurrences[i] : [])))].sort((a, b) => a - b),
    runs,
    percent: text.includes('%'),
    nonAscii: units.some((u) => u.charCodeAt(0) >= 127 || (u < ' ' && !'\t\n\r'.includes(u))),
  };
}

function expectSame(pass: TextPass, text: string, gates: readonly TokenGate[], keywords: readonly string[], positional: ReadonlySet<string>, minRun: number, wanted: readonly Uint8Array[]) {
  pass.run(text);
  const want = reference(text, gates, keywords, positional, minRun);
  const got = {
    starts: gates.map((_, g) => Array.from(pass.starts(g))),
    present: keywords.map((_, k) => pass.present(k)),
    keywordStarts: wanted.map((w) => Array.from(pass.keywordStarts(w))),
    runs: Array.from({ length: pass.runCount }, (_, r) => [pass.runStart[r], pass.runEnd[r], pass.runMask[r]]),
    percent: pass.percent,
    nonAscii: pass.nonAscii,
  };
  expect(got).toEqual({ ...want, keywordStarts: wanted.map(want.keywordStarts) });
}

describe('the engine pass against a plain reference of its outputs', () => {
  /** Units that exercise every branch of the walk: keywords in any case, hex and other letters, digits, base64 punctuation, `%`, separators gates look at, controls, non-ASCII (surrogates, letters NFKC or case folding would map to ASCII). */
  const unit = fc.oneof(
    fc.constantFrom(...'0123456789 -.+()/:_=%"@~SGsXYZKLMabcdefABCDEFxyzqQ\n\t\r'.split('')),
    fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\u0080', 'é', 'ü', '\u00a0', '\u0130', '\u212a', '\u017f', 'ｋｅｙ', '😀', '\ud800', '\udc00'),
    fc.constantFrom('key', 'Token', 'api', 'secret', 'PASSWORD', 'ghp_', 'sk-ant-api03-', 'private key', '://', 'pwd=', '-p', '/p', '.ey', 'q~', 'secretaccesskey', 'AccountKey='),
    fc.stringMatching(/^[A-Za-z0-9+/_-]{1,40}$/),
  );
  const text = fc.array(unit, { maxLength: 80 }).map((u) => u.join(''));

  describe('with the engine\'s gates and keywords', () => {
    const detectors = detectorsFor('all');
    const gates = detectors.filter((d) => d.token && d.findAt).map((d) => d.token!);
    const index = new KeywordIndex(detectors.flatMap((d) => d.keywords ?? []));
    const positional = new Set(detectors.filter((d) => d.findAtKeywords).flatMap((d) => d.keywords ?? []));
    const pass = new TextPass({ gates, keywords: index.keywords, ...index.tables(), positional, minRun: MIN_RUN });
    const all = new Uint8Array(index.keywords.length).fill(1);
    const wantedOf = (bits: number[]) => Uint8Array.from(index.keywords, (_, i) => (bits.includes(i) ? 1 : 0));

    it('records what the reference records, for any text', () => {
      fc.assert(
        fc.property(text, fc.array(fc.nat(index.keywords.length - 1), { maxLength: 6 }), (t, bits) => expectSame(pass, t, gates, index.keywords, positional, MIN_RUN, [all, wantedOf(bits)])),
        { numRuns: 400 },
      );
    });

    it('a fresh pass, whose buffers fill mid-text, records what the reference records', () => {
      // Whichever report or logged token is the first without room, a keyword across it (pass…word) is still found.
      for (let k = 55; k <= 75; k++) {
        const fresh = new TextPass({ gates, keywords: index.keywords, ...index.tables(), positional, minRun: MIN_RUN });
        expectSame(fresh, `${'api 12 '.repeat(k)}password ${'ab:'.repeat(k)}`, gates, index.keywords, positional, MIN_RUN, [all]);
      }
    });

    it('reuses its buffers across texts of any size, growing them and the empty text included', () => {
      const big = 'Key 12:34 ab ' + 'QUJDRA+/'.repeat(80_000) + ' é 4111 1111 1111 1111 password=hunter2 %41 ' + 'the api token\n'.repeat(60_000);
      // Starts for many gates at once, growing their buffers in turns.
      const starts = Array.from({ length: 40_000 }, (_, i) => (i % 7 === 0 ? `+(${i}) ab:cd-${i}.` : i % 3 === 0 ? `X${i}Y sendgrid SG.x s.y ` : `${i} de ${i * 31}:`)).join(' ');
      for (const t of ['', 'a', big, 'x', starts, 'secret 5', big.slice(7, 300_007), starts.slice(3), '']) expectSame(pass, t, gates, index.keywords, positional, MIN_RUN, [all]);
    });
  });

  it('each gate field on its own, on texts made of what it looks at', () => {
    // Random gates rarely combine a field with a text that tests it: here each field alone, and with a lead.
    const chars = '0123456789aBx -_+(.:\n';
    const small = fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength: 40 });
    const fields: TokenGate[] = [
      { notAfter: '-_' },
      { notAfter: '(', lead: '+(' },
      { atEnd: true },
      { atEnd: true, minLength: 3, lead: '+' },
      { chain: { than: 3, separators: ' .-', within: 1 } },
      { chain: { than: 7, separators: ' -.', within: 3 }, first: '0123456789' },
      { chain: { than: 15, separators: ' ', within: 2 }, lead: '+(' },
      { hasAny: LOWER | UPPER },
      { hasAny: DIGIT | UPPER, notAfter: '.', chain: { than: 2, separators: ':', within: 1 } },
    ];
    const index = new KeywordIndex(['zz']);
    const pass = new TextPass({ gates: fields, keywords: index.keywords, ...index.tables(), positional: new Set(), minRun: 8 });
    const dispatch = new GateDispatch(fields);
    fc.assert(
      fc.property(small, (t) => {
        expectSame(pass, t, fields, index.keywords, new Set(), 8, []);
        // GateDispatch (a detector's own path) records what the pass records.
        expect(dispatch.starts(t, tokenize(t)).map((a) => Array.from(a))).toEqual(fields.map((_, g) => Array.from(pass.starts(g))));
      }),
      { numRuns: 500 },
    );
    for (const t of ['a -12 b 34 5', '+(12) 34', '12 - 34', '12', '1 2', 'x1.B2:3']) expectSame(pass, t, fields, index.keywords, new Set(), 8, []);
  });

  it('with any gates and keywords, however many states the automaton has', () => {
    // With U+0000, which the walk puts after the text: it must not count as a character after the last token.
    const chars = fc.constantFrom(...'0123456789abcdefxyzABCDEFXYZ+-.:(_\u0000'.split(''));
    const classes = fc.integer({ min: 0, max: 15 });
    const gate: fc.Arbitrary<TokenGate> = fc.record(
      {
        minLength: fc.integer({ min: 0, max: 12 }),
        maxLength: fc.integer({ min: 1, max: 20 }),
        first: fc.string({ unit: chars, minLength: 1, maxLength: 8 }),
        has: classes,
        lacks: classes,
        hasAny: classes,
        longerHas: fc.record({ than: fc.integer({ min: 0, max: 10 }), has: classes }),
        next: fc.string({ unit: chars, minLength: 1, maxLength: 4 }),
        lead: fc.string({ unit: chars, minLength: 1, maxLength: 3 }),
        notAfter: fc.string({ unit: chars, minLength: 1, maxLength: 4 }),
        atEnd: fc.boolean(),
        chain: fc.record({ than: fc.integer({ min: 0, max: 12 }), separators: fc.string({ unit: chars, minLength: 1, maxLength: 4 }), within: fc.integer({ min: 1, max: 4 }) }),
      },
      { requiredKeys: [] },
    );
    const keyword = fc.string({ unit: fc.constantFrom(...'abcdekxyz019-_.:/=~ "'.split('')), minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(gate, { maxLength: 5 }), fc.uniqueArray(keyword, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 30 }), fc.array(text, { minLength: 1, maxLength: 4 }), (gates, keywords, minRun, texts) => {
        const index = new KeywordIndex(keywords);
        const positional = new Set(index.keywords.filter((_, i) => i % 2 === 0));
        const pass = new TextPass({ gates, keywords: index.keywords, ...index.tables(), positional, minRun });
        const all = new Uint8Array(index.keywords.length).fill(1);
        for (const t of texts) expectSame(pass, t, gates, index.keywords, positional, minRun, [all]);
      }),
      { numRuns: 150 },
    );
    // A shortest run of 0 or 2.5 is one of 1 or 3, as the reference counts; NaN is refused.
    const index1 = new KeywordIndex(['zz']);
    for (const minRun of [0, 2.5]) {
      const pass1 = new TextPass({ gates: [], keywords: index1.keywords, ...index1.tables(), positional: new Set(), minRun });
      for (const t of ['', 'a', 'ab c+d ', ' abc ', '++ a']) expectSame(pass1, t, [], index1.keywords, new Set(), minRun, []);
    }
    expect(() => new TextPass({ gates: [], keywords: index1.keywords, ...index1.tables(), positional: new Set(), minRun: NaN })).toThrow('TextPass minRun must be a number, got NaN');
    // Gates that tell too many tokens apart for one table are refused, naming the table's size.
    const alnum = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    const distinct = [...alnum].map((ch, k) => ({ first: ch, next: alnum[(k + 1) % 62], minLength: k + 1, maxLength: k + 70 }));
    expect(() => new TextPass({ gates: distinct, keywords: index1.keywords, ...index1.tables(), positional: new Set(), minRun: 1 })).toThrow(/^token gates need a table of \d+ keys \(\d+ first characters × \d+ lengths × 16 class masks × \d+ next characters\), more than 4194304$/);
    // The walk ends the text with a U+0000 of its own, which is no character after the last token.
    const index0 = new KeywordIndex(['ab']);
    const nul = [{ next: '\u0000' }, { lead: '\u0000', next: '.' }];
    const pass0 = new TextPass({ gates: nul, keywords: index0.keywords, ...index0.tables(), positional: new Set(), minRun: 2 });
    for (const t of ['ab', 'ab\u0000', '\u0000ab.', 'ab.']) expectSame(pass0, t, nul, index0.keywords, new Set(), 2, []);
    pass0.run('x\u0000ab');
    expect(Array.from(pass0.starts(0))).toEqual([0]);
    // Enough keywords that the automaton's rows no longer fit 16-bit entries.
    const many = Array.from({ length: 3000 }, (_, i) => `k${(i * 7919).toString(36)}x${i.toString(36)}`);
    const index = new KeywordIndex(many);
    const pass = new TextPass({ gates: [], keywords: index.keywords, ...index.tables(), positional: new Set(many.slice(0, 100)), minRun: 20 });
    const t = many.filter((_, i) => i % 3 === 0).join(' ') + ' K' + many[1].slice(1).toUpperCase();
    expectSame(pass, t, [], index.keywords, new Set(many.slice(0, 100)), 20, [new Uint8Array(index.keywords.length).fill(1)]);
    expect((pass as unknown as { step: ArrayLike<number> }).step).toBeInstanceOf(Uint32Array);
  });
});

describe('marks that outlive 2^31 walks', () => {
  it('a pass and a scanner find keyword-gated values across the wrap of their 32-bit walk counters', () => {
    const index = new KeywordIndex(['ghp_', 'zz']);
    const pass = new TextPass({ gates: [], keywords: index.keywords, ...index.tables(), positional: new Set(), minRun: MIN_RUN });
    const ghp = index.keywords.indexOf('ghp_');
    (pass as unknown as { epoch: number }).epoch = 0x7ffffffd;
    const seen: boolean[] = [];
    for (const t of ['ghp_x', 'ghp_y', 'none', 'ghp_z', 'none']) {
      pass.run(t);
      seen.push(pass.present(ghp));
    }
    expect(seen).toEqual([true, true, false, true, false]);

    const scanner = new Scanner({ profile: 'all' });
    (scanner as unknown as { walks: number }).walks = 0x7ffffffd;
    const rules = ['token: ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl', 'nothing here', 'token: ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl', 'token: ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl'].map((t) => scanner.scan(t).map((f) => f.rule).join(','));
    expect(rules).toEqual(['github-pat', '', 'github-pat', 'github-pat']);
  });
});

describe('the code units a walk leaves for detectors', () => {
  it('are the text\'s, then UNITS_PADDING zeros, whatever a longer text left in the buffer', () => {
    const index = new KeywordIndex(['zz']);
    const pass = new TextPass({ gates: [], keywords: index.keywords, ...index.tables(), positional: new Set(), minRun: 8 });
    for (const t of ['x'.repeat(5000), 'ab:cd', '', 'é\u00a01', 'y'.repeat(3000), '12']) {
      pass.run(t);
      const want = unitsOf(t);
      expect(want.length).toBe(t.length + UNITS_PADDING);
      expect(Array.from(pass.units.subarray(0, t.length + UNITS_PADDING))).toEqual(Array.from(want));
      expect(String.fromCharCode(...want.subarray(0, t.length))).toBe(t);
    }
  });
});
