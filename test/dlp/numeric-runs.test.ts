import fc from 'fast-check';
import { redact, Scanner } from '../../function/src/dlp';
import { NUMERIC_RULES } from '../../function/src/dlp/detectors-pii';
import { numericDetector } from '../../function/src/dlp/numeric';

/*
 * A value inside a long chain of digit groups (a list of numbers, a date or a short code before it) is
 * found wherever it sits in the chain: every group a value may start at is read with the groups after it. Found by the engine (the
 * gated walk) and by the detector's own find: a finding covers it (a longer valid number around it, a
 * 17-digit card, may be the one that does).
 */
const scanner = new Scanner({ profile: 'all', maxInputLength: 1024 * 1024 });
const numeric = numericDetector(NUMERIC_RULES);
const CARD = '4111 1111 1111 1111';
const group = fc.stringMatching(/^[0-9]{1,3}$/);
const separator = fc.constantFrom(' ', '-', '.', '\n', ' - ', '/');
const chain = (max: number) =>
  fc.array(fc.tuple(group, separator), { maxLength: max }).map((gs) => gs.map(([g, s]) => g + s).join(''));

describe('numeric values in long chains of digit groups', () => {
  it('finds a card after and before any chain of short groups, set off by whitespace', () => {
    fc.assert(
      fc.property(chain(80), fc.constantFrom(' ', '\n'), fc.constantFrom(' ', '\n', ''), chain(80), (before, lead, trail, after) => {
        // The chain before ends in a separator; the one after starts with a group (or is empty).
        const head = before.length ? before.replace(/[^0-9]*$/, '') + lead : '';
        const tail = trail && after ? trail + after.replace(/[^0-9]*$/, '') : '';
        const text = `${head}${CARD}${tail}`;
        const at = head.length;
        const covering = (fs: { type: string; start: number; end: number }[]) => fs.filter((f) => f.type === 'CREDIT_CARD' && f.start <= at && f.end >= at + CARD.length);
        expect(covering(scanner.scan(text))).toHaveLength(1);
        expect(covering([...numeric.find(text)]).length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it('finds a card after a long chain joined by dots, and before a long chain of groups each followed by "- "', () => {
    const dotted = Array.from({ length: 40 }, (_, i) => String(i + 1)).join('.');
    const dashed = Array.from({ length: 40 }, () => '12').join('- ');
    for (const [text, at] of [
      [`${dotted} -${CARD}`, dotted.length + 2],
      [`${CARD}- ${dashed}`, 0],
      [`${dashed}- ${CARD}- ${dashed}`, dashed.length + 2],
    ] as const) {
      for (const found of [scanner.scan(text), [...numeric.find(text)]]) {
        expect(found.some((f) => f.type === 'CREDIT_CARD' && f.start <= at && f.end >= at + CARD.length)).toBe(true);
      }
    }
  });

  it('finds every card of a list longer than one run holds', () => {
    const list = Array.from({ length: 12 }, () => CARD).join('\n');
    const starts = Array.from({ length: 12 }, (_, i) => i * (CARD.length + 1));
    for (const found of [scanner.scan(list), [...numeric.find(list)]]) {
      const cards = new Set(found.filter((f) => f.type === 'CREDIT_CARD' && f.end - f.start === CARD.length).map((f) => f.start));
      for (const s of starts) expect(cards.has(s)).toBe(true);
    }
    // Redacted, no card digits are left.
    expect(redact(list, scanner.scan(list))).not.toMatch(/\d{4}/);
  });
});
