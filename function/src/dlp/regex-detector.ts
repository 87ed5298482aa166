import { compileGate, type TokenGate, type Tokens, unitsOf } from './tokens';
import type { Candidate, Detector, DetectorGroup, FindingType } from './types';

export interface RegexDetectorSpec {
  readonly type: FindingType;
  readonly rule: string;
  readonly group: DetectorGroup;
  /**
   * Must be linear: bounded quantifiers only, a left boundary so that matches start at token
   * starts, no nested quantifiers over the same characters. Flags `g` (and `d` when `group`
   * is set) are added.
   */
  readonly pattern: RegExp;
  /** Capture group holding the sensitive value (default: the whole match). */
  readonly group_?: number;
  readonly keywords?: readonly string[];
  readonly context?: readonly string[];
  /** Returns the score for a value, or null to reject it. */
  readonly validate: (value: string, match: RegExpExecArray) => number | null;
  /**
   * The tokens a match can start at. With a gate the pattern is tried (sticky) at those tokens
   * only, which must be every place the pattern's left boundary lets a match begin.
   */
  readonly token?: TokenGate;
  /**
   * A cheap necessary condition for a match at offset `s` (a few character tests), checked at
   * each gated offset before the pattern runs there.
   */
  readonly quick?: (text: string, s: number, units: Uint16Array) => boolean;
  /**
   * Matches that can also start at a string that is not a token (the `::` of `::1`): its
   * offsets (found with indexOf) are tried besides the gated tokens, where `where` holds.
   */
  readonly alsoAt?: { readonly text: string; readonly where: (text: string, i: number) => boolean };
  /**
   * For values that do not start at a token but end at one (a suffix of it): maps each gated
   * offset (a token's start, or its end for a gate `atEnd`) to the offsets (at most two,
   * ascending) the pattern is tried at, written into `out` from `size` on; returns the new size.
   */
  readonly reposition?: (text: string, gated: number, out: Int32Array, size: number, units: Uint16Array) => number;
}

/**
 * The literal texts every match of `source` starts with, or null when a match can start with
 * something else (a class of many characters, an optional or repeated part, `.`): a leading
 * lookbehind is skipped, then literal characters, escaped punctuation, classes of at most four
 * listed characters and groups of such alternatives are followed up to the first other element.
 */
export function literalPrefixes(source: string): string[] | null {
  let i = 0;
  const closing = (from: number): number => {
    // The index of the `)` closing the group opened just before `from`.
    let depth = 1;
    for (let k = from; k < source.length; k++) {
      const c = source[k];
      if (c === '\\') k++;
      else if (c === '[') {
        for (k++; k < source.length && source[k] !== ']'; k++) if (source[k] === '\\') k++;
      } else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return k;
    }
    return -1;
  };
  if (source.startsWith('(?<!') || source.startsWith('(?<=')) {
    const end = closing(4);
    if (end < 0) return null;
    i = end + 1;
  }
  const LIMIT = 32;
  /** Prefixes of the sequence from `at` to `end` (exclusive); `whole` when it is literal throughout. */
  const sequence = (at: number, end: number): { prefixes: string[]; whole: boolean } | null => {
    let prefixes = [''];
    let k = at;
    while (k < end) {
      let options: string[];
      let next: number;
      let whole = true;
      const c = source[k];
      if (c === '\\') {
        const e = source[k + 1];
        if (e === undefined || /[A-Za-z0-9]/.test(e)) return { prefixes, whole: false };
        options = [e];
        next = k + 2;
      } else if (c === '[') {
        const close = source.indexOf(']', k + 1);
        const body = source.slice(k + 1, close);
        if (close < 0 || body.length === 0 || body.length > 4 || /[\\^\-\]]/.test(body)) return { prefixes, whole: false };
        options = [...body];
        next = close + 1;
      } else if (c === '(') {
        const inner = source.startsWith('(?:', k) ? k + 3 : source[k + 1] === '?' ? -1 : k + 1;
        const close = inner < 0 ? -1 : closing(inner);
        if (close < 0) return { prefixes, whole: false };
        const alternatives = alternativesOf(inner, close);
        if (!alternatives) return { prefixes, whole: false };
        options = alternatives.prefixes;
        whole = alternatives.whole;
        next = close + 1;
      } else if ('.^$|)*+?{'.includes(c)) return { prefixes, whole: false };
      else {
        options = [c];
        next = k + 1;
      }
      // A quantifier after the element makes it optional or repeated: the prefixes end before it.
      if (next < end && '*+?{'.includes(source[next])) return { prefixes, whole: false };
      if (prefixes.length * options.length > LIMIT) return { prefixes, whole: false };
      prefixes = prefixes.flatMap((p) => options.map((o) => p + o));
      if (!whole) return { prefixes, whole: false };
      k = next;
    }
    return { prefixes, whole: true };
  };
  /** The alternatives between `at` and `end` split at top-level `|`. */
  const alternativesOf = (at: number, end: number): { prefixes: string[]; whole: boolean } | null => {
    const parts: [number, number][] = [];
    let from = at;
    let depth = 0;
    for (let k = at; k < end; k++) {
      const c = source[k];
      if (c === '\\') k++;
      else if (c === '[') {
        for (k++; k < end && source[k] !== ']'; k++) if (source[k] === '\\') k++;
      } else if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === '|' && depth === 0) (parts.push([from, k]), (from = k + 1));
    }
    parts.push([from, end]);
    const prefixes: string[] = [];
    let whole = true;
    for (const [a, b] of parts) {
      const seq = sequence(a, b);
      if (!seq) return null;
      prefixes.push(...seq.prefixes);
      whole &&= seq.whole;
    }
    return prefixes.length > LIMIT ? null : { prefixes, whole };
  };
  const top = alternativesOf(i, source.length);
  if (!top || top.prefixes.some((p) => p.length === 0)) return null;
  return top.prefixes;
}

/** Two ascending offset lists as one, ascending. */
function merged(a: ArrayLike<number>, b: readonly number[]): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) out[k++] = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
  return out;
}

/** The identifying fields every detector carries. */
const identity = (spec: Pick<Detector, 'type' | 'rule' | 'group' | 'keywords' | 'context'>) => ({
  type: spec.type,
  rule: spec.rule,
  group: spec.group,
  keywords: spec.keywords,
  context: spec.context,
});

/** A detector from one linear regular expression and a validator. */
export function regexDetector(spec: RegexDetectorSpec): Detector {
  const flags = new Set([...spec.pattern.flags, 'g']);
  if (spec.group_ !== undefined) flags.add('d');
  const re = new RegExp(spec.pattern.source, [...flags].join(''));
  const sticky = new RegExp(spec.pattern.source, [...flags].join('').replace('g', 'y'));
  const starts = spec.token ? compileGate(spec.token) : undefined;
  const quick = spec.quick;
  /** Matches of the whole-text regex, in text order. */
  function* matches(text: string): Iterable<RegExpExecArray> {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      yield m;
    }
  }
  /** The candidate of match `m`, or null when the validator refuses it. */
  function candidateOf(m: RegExpExecArray): Candidate | null {
    let start = m.index;
    let end = m.index + m[0].length;
    let value = m[0];
    if (spec.group_ !== undefined) {
      const span = m.indices?.[spec.group_];
      if (!span) return null;
      [start, end] = span;
      value = m[spec.group_];
    }
    const score = spec.validate(value, m);
    return score === null ? null : { start, end, score };
  }
  function* candidates(found: Iterable<RegExpExecArray>): Iterable<Candidate> {
    for (const m of found) {
      const c = candidateOf(m);
      if (c) yield c;
    }
  }
  /** The candidates at gated offsets: the pattern tried sticky at each, a match consuming the offsets it covers. */
  function candidatesAt(text: string, offsets: ArrayLike<number>, units?: Uint16Array): Candidate[] {
    const out: Candidate[] = [];
    // The code units quick reads: the engine's walk's copy, or made here for a caller without one.
    if (quick && units === undefined && offsets.length > 0) units = unitsOf(text);
    let consumed = 0;
    for (let k = 0; k < offsets.length; k++) {
      const s = offsets[k];
      if (s < consumed || (quick && !quick(text, s, units as Uint16Array))) continue;
      sticky.lastIndex = s;
      const m = sticky.exec(text);
      if (!m || m[0].length === 0) continue;
      consumed = s + m[0].length;
      const c = candidateOf(m);
      if (c) out.push(c);
    }
    return out;
  }
  // Without a gate, a pattern whose every match starts with one of the detector's keywords is tried
  // (sticky) only where the engine's pass saw a keyword start (its automaton folds case).
  const prefixes = spec.token || !spec.keywords?.length ? null : literalPrefixes(spec.pattern.source);
  const keywords = spec.keywords ?? [];
  const atKeywords = prefixes !== null && prefixes.every((p) => keywords.some((k) => p.toLowerCase().startsWith(k)));
  const also = spec.alsoAt;
  const reposition = spec.reposition;
  let moved = new Int32Array(64);
  const withAlso = (text: string, offsets: ArrayLike<number>, units?: Uint16Array): ArrayLike<number> => {
    if (reposition) {
      if (units === undefined) units = unitsOf(text);
      // Each token start maps to at most two offsets: a reused buffer, grown when full.
      let size = 0;
      for (let k = 0; k < offsets.length; k++) {
        if (size + 2 > moved.length) {
          const grown = new Int32Array(moved.length * 2);
          grown.set(moved);
          moved = grown;
        }
        size = reposition(text, offsets[k], moved, size, units);
      }
      offsets = moved.subarray(0, size);
    }
    if (!also) return offsets;
    const extra: number[] = [];
    for (let i = text.indexOf(also.text); i !== -1; i = text.indexOf(also.text, i + 1)) if (also.where(text, i)) extra.push(i);
    return extra.length === 0 ? offsets : merged(offsets, extra);
  };
  return {
    ...identity(spec),
    token: spec.token,
    alsoAtText: also?.text,
    findAt: spec.token ? (text: string, offsets: ArrayLike<number>, units?: Uint16Array) => candidatesAt(text, withAlso(text, offsets, units), units) : undefined,
    findAtKeywords: atKeywords ? (text: string, starts: ArrayLike<number>) => candidatesAt(text, starts) : undefined,
    find: (text: string, _lower: string, tokens?: Tokens) => (starts && tokens ? candidatesAt(text, withAlso(text, starts(text, tokens))) : candidates(matches(text))),
  };
}

/** Digits only. */
export const digits = (s: string): string => s.replace(/\D/g, '');
/** Upper-case letters and digits only. */
export const compact = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
