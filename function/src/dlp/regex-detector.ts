import { compileGate, type TokenGate, type Tokens } from './tokens';
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
  readonly quick?: (text: string, s: number) => boolean;
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
  function* at(text: string, offsets: ArrayLike<number>): Iterable<RegExpExecArray> {
    let consumed = 0;
    for (let k = 0; k < offsets.length; k++) {
      const s = offsets[k];
      if (s < consumed || (quick && !quick(text, s))) continue;
      sticky.lastIndex = s;
      const m = sticky.exec(text);
      if (!m || m[0].length === 0) continue;
      consumed = s + m[0].length;
      yield m;
    }
  }
  /** Matches in text order, from the whole-text regex or from the gated tokens. */
  function* matches(text: string, tokens: Tokens | undefined): Iterable<RegExpExecArray> {
    if (starts && tokens) {
      yield* at(text, starts(text, tokens));
      return;
    }
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
  function* candidates(found: Iterable<RegExpExecArray>): Iterable<Candidate> {
    for (const m of found) {
      let start = m.index;
      let end = m.index + m[0].length;
      let value = m[0];
      if (spec.group_ !== undefined) {
        const span = m.indices?.[spec.group_];
        if (!span) continue;
        [start, end] = span;
        value = m[spec.group_];
      }
      const score = spec.validate(value, m);
      if (score !== null) yield { start, end, score };
    }
  }
  return {
    ...identity(spec),
    token: spec.token,
    findAt: spec.token ? (text: string, offsets: ArrayLike<number>) => candidates(at(text, offsets)) : undefined,
    find: (text: string, _lower: string, tokens?: Tokens) => candidates(matches(text, tokens)),
  };
}

/** Digits only. */
export const digits = (s: string): string => s.replace(/\D/g, '');
/** Upper-case letters and digits only. */
export const compact = (s: string): string => s.replace(/[^A-Za-z0-9]/g, '').toUpperCase();

export interface AnchoredDetectorSpec extends Omit<RegexDetectorSpec, 'group_'> {
  /** Characters every match contains (e.g. `:` for IPv6); the scan jumps from one to the next. */
  readonly anchors: string;
  /** Characters a match may have before its first anchor, and how many at most. */
  readonly lead: RegExp;
  readonly maxLead: number;
  /** Characters that must stand right after an anchor for a match to be possible. */
  readonly follow: RegExp;
  /** A cheaper test on the characters around the anchor at `i`; false skips the anchor. */
  readonly quick?: (text: string, i: number) => boolean;
  /** Characters a match is made of, and the longest match: a longer run of them is skipped whole. */
  readonly body: RegExp;
  readonly maxLength: number;
}

/**
 * A detector whose matches all contain one of a few rare characters. Instead of trying the
 * pattern at every position, it jumps to each anchor, steps back over at most `maxLead`
 * lead characters, and tries the pattern there once (sticky). Linear: each anchor costs at
 * most `maxLead` steps plus one bounded match.
 */
/** ASCII lookup table for a one-character class (non-ASCII never matches). */
function charTable(re: RegExp): Uint8Array {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = re.test(String.fromCharCode(c)) ? 1 : 0;
  return table;
}

export function anchoredDetector(spec: AnchoredDetectorSpec): Detector {
  const flags = new Set([...spec.pattern.flags.replace('g', ''), 'y']);
  const re = new RegExp(spec.pattern.source, [...flags].join(''));
  const anchorChars = [...new Set(spec.anchors)];
  const isFollow = charTable(spec.follow);
  const isLead = charTable(spec.lead);
  const isBody = charTable(spec.body);
  const test = (table: Uint8Array, text: string, i: number) => {
    const c = text.charCodeAt(i);
    return c < 128 && table[c] === 1;
  };
  return {
    ...identity(spec),
    *find(text: string): Iterable<Candidate> {
      let consumed = 0;
      const n = text.length;
      // Jump from anchor to anchor with indexOf (one cursor per anchor character) rather than
      // visiting every character: anchors are rare, and indexOf is a native scan.
      const next = anchorChars.map((ch) => text.indexOf(ch));
      for (let i = -1; ; ) {
        const from = i + 1;
        i = -1;
        for (let k = 0; k < next.length; k++) {
          if (next[k] !== -1 && next[k] < from) next[k] = text.indexOf(anchorChars[k], from);
          if (next[k] !== -1 && (i === -1 || next[k] < i)) i = next[k];
        }
        if (i === -1) break;
        if (i < consumed || !test(isFollow, text, i + 1) || (spec.quick && !spec.quick(text, i))) continue;
        // Measure the run of body characters around the anchor; one longer than any match
        // (e.g. "ab:ab:ab:…") holds no delimited match, so skip it in one step.
        let runStart = i;
        while (runStart > 0 && i - runStart <= spec.maxLength && test(isBody, text, runStart - 1)) runStart--;
        let runEnd = i + 1;
        while (runEnd < n && runEnd - runStart <= spec.maxLength && test(isBody, text, runEnd)) runEnd++;
        if (runEnd - runStart > spec.maxLength) {
          while (runEnd < n && test(isBody, text, runEnd)) runEnd++;
          consumed = runEnd;
          i = runEnd - 1;
          continue;
        }
        let start = i;
        while (start > consumed && i - start < spec.maxLead && test(isLead, text, start - 1)) start--;
        // Try each possible start from the farthest back: the pattern's own lookbehind decides.
        for (let s = start; s <= i; s++) {
          re.lastIndex = s;
          const m = re.exec(text);
          if (!m) continue;
          const score = spec.validate(m[0], m);
          consumed = s + m[0].length;
          i = consumed - 1;
          if (score !== null) yield { start: s, end: consumed, score };
          break;
        }
      }
    },
  };
}
