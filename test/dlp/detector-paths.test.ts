import fc from 'fast-check';
import { detectorsFor } from '../../function/src/dlp/engine';
import { GateDispatch, tokenize } from '../../function/src/dlp/tokens';

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
