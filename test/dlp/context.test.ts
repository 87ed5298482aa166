import fc from 'fast-check';
import { asciiContextScore, contextScore } from '../../function/src/dlp/engine';

/** Context words raise a finding's score; the ASCII path reads the words with an automaton instead of searching a lower-cased window. */
describe('context scoring', () => {
  const units = (text: string) => Uint16Array.from([...Array(text.length).keys()].map((i) => text.charCodeAt(i)).concat(0));
  const ascii = fc.string({ unit: fc.constantFrom(...'abcdIDnumberCARD cc visa\t\n-:0123456789'.split('')), maxLength: 120 });
  const word = fc.string({ unit: fc.constantFrom(...'abcdinumercvs -'.split('')), minLength: 1, maxLength: 8 });
  const words = fc.array(fc.oneof(word, fc.constantFrom('card', 'id code', 'ni number', 'visa', 'henkilötunnus', 'Card')), { minLength: 1, maxLength: 6 });

  it('the automaton over ASCII text scores exactly as the lower-cased window does', () => {
    fc.assert(
      fc.property(ascii, fc.nat(), fc.nat(), words, fc.constantFrom(0.1, 0.4, 0.65, 0.99, 1), (text, a, b, list, base) => {
        const start = text.length === 0 ? 0 : a % (text.length + 1);
        const end = start + (text.length - start === 0 ? 0 : b % (text.length - start + 1));
        expect(asciiContextScore(units(text), text.length, start, end, base, list)).toBe(contextScore(text, start, end, base, list));
      }),
      { numRuns: 3000 },
    );
  });

  it('a word found across the gap between the two sides counts, as in the joined window', () => {
    // The window is "the id" + " " + "code": "id code" spans the space that joins the two sides.
    const joined = 'the id1234567code';
    expect(contextScore(joined, 6, 13, 0.4, ['id code'])).toBe(0.75);
    expect(asciiContextScore(units(joined), joined.length, 6, 13, 0.4, ['id code'])).toBe(0.75);
    expect(asciiContextScore(units(joined), joined.length, 6, 13, 0.4, ['card'])).toBe(0.4);
    // Words a lower-cased ASCII window cannot hold never count.
    expect(asciiContextScore(units('Card 4111'), 9, 5, 9, 0.4, ['Card', 'henkilötunnus'])).toBe(0.4);
    expect(contextScore('Card 4111', 5, 9, 0.4, ['Card', 'henkilötunnus'])).toBe(0.4);
  });
});
