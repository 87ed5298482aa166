/**
 * Text normalization before detection, with a map back to the original offsets.
 *
 * Detectors see one canonical form of the text; findings and redactions refer to the text the
 * caller sent. Per code point:
 *   - Unicode NFKC (full-width digits and letters, full-width `＠`, mathematical alphanumerics,
 *     ligatures), computed per code point (String.prototype.normalize) and cached;
 *   - format characters (`\p{Cf}`: zero-width space/joiners, bidi controls, word joiner, BOM,
 *     soft hyphen U+00AD), the combining grapheme joiner and variation selectors are dropped; so are
 *     control characters other than tab, line feed and carriage return (`\p{Cc}`: NUL, C0, DEL, C1),
 *     lone surrogates and U+FFFD: the model still reads the characters around them (a JSON body
 *     carries `\u0000` or `\ud800` as easily as a letter), so they must not split a value;
 *   - dashes (`\p{Pd}`, U+2212 minus sign) become `-`; spaces (`\p{Zs}`: NBSP, thin, narrow,
 *     ideographic…) become ` `; line and paragraph separators and NEL become `\n`;
 *   - Cyrillic and Greek letters that look like Latin ones become the Latin letter (a subset of
 *     Unicode's confusables.txt, https://www.unicode.org/Public/security/latest/confusables.txt,
 *     limited to letters with one Latin look-alike), so `ghр_…` with a Cyrillic `р` is a token.
 *     The mapping applies to the whole text: PII detectors are ASCII-based, so mapped Cyrillic
 *     prose does not match them.
 * Hand-written rather than a library: the npm confusables packages map whole strings without
 * offsets, and the offset map is the point here.
 *
 * ASCII text (the common case) is returned as is, with no map.
 */

/** Cyrillic and Greek letters whose only look-alike is one Latin letter. */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  'а': 'a', 'в': 'B', 'е': 'e', 'к': 'k', 'м': 'M', 'н': 'H', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 'T', 'у': 'y', 'х': 'x',
  'ѕ': 's', 'і': 'i', 'ј': 'j', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'һ': 'h', 'ӏ': 'l', 'ү': 'y', 'ɡ': 'g',
  'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X',
  'Ѕ': 'S', 'І': 'I', 'Ј': 'J', 'Ү': 'Y', 'Ԛ': 'Q', 'Ԝ': 'W', 'Ӏ': 'I',
  // Greek
  'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P',
  'Τ': 'T', 'Υ': 'Y', 'Χ': 'X', 'ο': 'o', 'ν': 'v', 'α': 'a', 'ρ': 'p', 'ϲ': 'c', 'ϳ': 'j',
};

const DROPPED = /^[\p{Cf}\p{Cc}\p{Cs}\u034f\ufe00-\ufe0f\ufffd]$/u;
const DASH = /^[\p{Pd}\u2212]$/u;
const SPACE = /^\p{Zs}$/u;

const cache = new Map<number, string>();
const CACHE_LIMIT = 8192;

/** The canonical form of one non-ASCII code point (possibly empty or several characters). */
function canonical(cp: number): string {
  const hit = cache.get(cp);
  if (hit !== undefined) return hit;
  const ch = String.fromCodePoint(cp);
  let out: string;
  if (cp === 0x2028 || cp === 0x2029 || cp === 0x85) out = '\n'; // line and paragraph separators, NEL (a C1 control)
  else if (DROPPED.test(ch)) out = '';
  else if (SPACE.test(ch)) out = ' ';
  else if (DASH.test(ch)) out = '-';
  else if (CONFUSABLES[ch]) out = CONFUSABLES[ch]; // before NFKC, which turns U+03F2 ϲ into ς
  else {
    out = ch.normalize('NFKC');
    // NFKC can yield dashes, spaces or confusables of its own (e.g. U+FE63 → U+002D, U+2011 → U+2010).
    let mapped = '';
    for (const c of out) {
      const code = c.codePointAt(0) as number;
      if (code < 0x80) mapped += c;
      else if (DROPPED.test(c)) continue;
      else if (SPACE.test(c)) mapped += ' ';
      else if (DASH.test(c)) mapped += '-';
      else mapped += CONFUSABLES[c] ?? c;
    }
    out = mapped;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cp, out);
  return out;
}

export interface NormalizedText {
  /** The text detectors scan. */
  readonly text: string;
  /** For each code unit of `text`, the original offset it came from; null when `text` is the original. */
  readonly starts: Int32Array | null;
  /** For each code unit of `text`, the original offset one past the code point it came from. */
  readonly ends: Int32Array | null;
}

/** A character normalization changes: outside printable ASCII, tab, line feed and carriage return. */
const CHANGED = /[^\t\n\r\x20-\x7e]/;
/** ASCII control characters, dropped like format characters (tab, line feed and carriage return stay). */
const isControl = (c: number) => (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;

/** Normalizes `text` for detection (see the module comment). Linear in the length of the text. */
export function normalize(text: string): NormalizedText {
  if (!CHANGED.test(text)) return { text, starts: null, ends: null };
  const n = text.length;
  let starts = new Int32Array(n + 16);
  let ends = new Int32Array(n + 16);
  const parts: string[] = [];
  let runStart = 0; // start of the pending run of ASCII characters copied unchanged
  let length = 0;
  const push = (s: string, from: number, to: number) => {
    if (length + s.length > starts.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.max(a.length * 2, length + s.length + 16));
        b.set(a);
        return b;
      };
      starts = grow(starts);
      ends = grow(ends);
    }
    for (let k = 0; k < s.length; k++) {
      starts[length + k] = from;
      ends[length + k] = to;
    }
    length += s.length;
  };
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c < 0x80 && !isControl(c)) {
      i++;
      continue;
    }
    if (runStart < i) {
      parts.push(text.slice(runStart, i));
      for (let k = runStart; k < i; k++) push(text[k], k, k + 1);
    }
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const out = canonical(cp);
    parts.push(out);
    push(out, i, i + width);
    i += width;
    runStart = i;
  }
  if (runStart < n) {
    parts.push(text.slice(runStart));
    for (let k = runStart; k < n; k++) push(text[k], k, k + 1);
  }
  return { text: parts.join(''), starts: starts.subarray(0, length), ends: ends.subarray(0, length) };
}

/**
 * The original span of the normalized span [start, end). A span that starts on a dropped
 * character's neighbour still covers the dropped characters inside it.
 */
export function originalSpan(n: NormalizedText, start: number, end: number): [number, number] {
  if (!n.starts || !n.ends) return [start, end];
  if (end <= start) return [n.starts[start] ?? n.ends[n.ends.length - 1] ?? 0, n.starts[start] ?? 0];
  return [n.starts[start], n.ends[end - 1]];
}
