import fc from 'fast-check';
import { redact, Scanner } from '../../function/src/dlp';
import { adversarialInputs } from '../../bench/adversarial';

const scanner = new Scanner({ profile: 'all', maxInputLength: 2 * 1024 * 1024 });

describe('worst case', () => {
  /**
   * A complexity guard, not a performance figure (bench:dlp reports those): a linear scan of
   * 1 MB takes well under a second here, a quadratic one minutes. The bound cannot flake.
   */
  const BOUND_MS = 10_000;
  it.each(adversarialInputs(1024 * 1024).map((i) => [i.name, i.text] as const))('1 MB of %s finishes within the bound', (_name, text) => {
    const t = Date.now();
    scanner.scan(text);
    expect(Date.now() - t).toBeLessThan(BOUND_MS);
  });
});

describe('properties', () => {
  const text = fc.string({ unit: fc.constantFrom(...'0123456789 -.:@abcdefABCXYZ_=+/\n'.split('')), maxLength: 400 });

  it('findings lie inside the text, are ordered, and never overlap within a type', () => {
    fc.assert(
      fc.property(text, (t) => {
        const fs = scanner.scan(t);
        for (let i = 0; i < fs.length; i++) {
          expect(fs[i].start).toBeGreaterThanOrEqual(0);
          expect(fs[i].end).toBeLessThanOrEqual(t.length);
          expect(fs[i].start).toBeLessThan(fs[i].end);
          if (i > 0) expect(fs[i].start).toBeGreaterThanOrEqual(fs[i - 1].start);
          for (let j = i + 1; j < fs.length; j++) {
            if (fs[i].type === fs[j].type) expect(fs[j].start >= fs[i].end || fs[i].start >= fs[j].end).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a valid card inserted anywhere between spaces is found at its exact offsets', () => {
    const cards = fc.constantFrom('4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005', '6011111111111117');
    const prose = fc.string({ unit: fc.constantFrom(...'abcdefghij .,;\n'.split('')), maxLength: 200 });
    fc.assert(
      fc.property(prose, cards, prose, (before, card, after) => {
        const t = `${before} ${card} ${after}`;
        const start = before.length + 1;
        expect(scanner.scan(t)).toContainEqual(expect.objectContaining({ type: 'CREDIT_CARD', start, end: start + card.length }));
      }),
      { numRuns: 300 },
    );
  });

  it('redaction keeps everything outside findings and removes what they cover', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('jane@example.com', 'ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl', '4111 1111 1111 1111'), (noise, secret) => {
        const t = `${noise}\n${secret}\n${noise}`;
        const findings = scanner.scan(t);
        const out = redact(t, findings);
        expect(out).not.toContain(secret);
        // What lies before the first finding and after the last is kept byte for byte.
        const first = Math.min(...findings.map((f) => f.start));
        const last = Math.max(...findings.map((f) => f.end));
        expect(out.startsWith(t.slice(0, first))).toBe(true);
        expect(out.endsWith(t.slice(last))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
