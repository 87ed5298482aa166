import fc from 'fast-check';
import { KeywordIndex } from '../../function/src/dlp/keyword-index';

describe('KeywordIndex (Aho–Corasick prefilter)', () => {
  it('finds exactly the keywords that occur, overlapping and nested ones included', () => {
    const alphabet = fc.constantFrom(...'abc_-'.split(''));
    fc.assert(
      fc.property(fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }), fc.string({ unit: alphabet, maxLength: 200 }), (keywords, text) => {
        const expected = new Set(keywords.filter((k) => text.includes(k)));
        expect(new KeywordIndex(keywords).present(text)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('reports "api" inside "sk-ant-api03-" and ignores non-ASCII text safely', () => {
    const index = new KeywordIndex(['sk-ant-api03-', 'api', 'key']);
    expect(index.present('token sk-ant-api03-xyz ünïcødé')).toEqual(new Set(['sk-ant-api03-', 'api']));
    expect(() => new KeywordIndex(['ключ'])).toThrow('keyword "ключ" is not ASCII');
  });
});
