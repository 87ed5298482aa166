import { LOWER, UPPER, unitsOf } from './tokens';
import type { Candidate, Detector, DetectorGroup, FindingType } from './types';

/**
 * Numeric identifiers (cards, SSNs, routing numbers, TFNs, NHS numbers…) share one scan:
 * a single linear regex finds runs of digit groups, and each rule then checks the layouts it
 * accepts (`[3,2,4]` for 078-05-1120, `[9]` for 078051120) and its checksum. One pass over the
 * text instead of one per identifier type.
 */
export interface NumericRule {
  readonly type: FindingType;
  readonly rule: string;
  readonly group: DetectorGroup;
  /**
   * Empty: the identifier is written without separators. Otherwise groups may be separated by
   * any run of DIGIT_SEPARATORS, plus the characters listed here (e.g. `+`).
   */
  readonly separators: string;
  /**
   * Group-length layouts of this identifier (`[[9], [3, 2, 4]]`), or a predicate for
   * families too large to list (payment cards).
   */
  readonly layout: readonly (readonly number[])[] | ((groups: readonly number[]) => boolean);
  readonly context?: readonly string[];
  /** Score for the digits (separators removed), or null. */
  readonly validate: (digits: string, separated: boolean) => number | null;
}


/**
 * Separators people and word processors put between digit groups (after normalization, which
 * maps NBSP, thin spaces and Unicode dashes to ASCII): space, tab, newline, dot, dash, slash;
 * a value may mix them and repeat them (`4111 - 1111`). `+` only where a rule lists it.
 */
export const DIGIT_SEPARATORS = ' \t\n\r.-/';
const MAX_SEPARATOR_RUN = 3;
/**
 * Groups one run holds at most: no value has more (a card in five groups is the longest). A longer
 * chain of groups (a list, or a value after a date or short codes) is cut there; the cut run yields
 * only the values that start at its first group, and the chain is read again from the next group a
 * value may start at (one after whitespace). So every value start in a chain is read with the groups
 * after it, and a value never straddles a cut unseen.
 */
const RUN_GROUPS = 6;
/** Where a run starts: digits no word character, `.`, `+`, `/` or `-` comes before (the walk's gate checks the same). */
const RUN_START = /(?<![\w.+/-])\d/g;
/** `\\w` (ASCII letters, digits, `_`). */
const WORD = new Uint8Array(128);
for (const ch of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_') WORD[ch.charCodeAt(0)] = 1;
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isSeparatorCode = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 46 || c === 47 || c === 43 || c === 45;
export interface NumericCandidate extends Candidate {
  readonly type: FindingType;
  readonly rule: string;
  readonly context?: readonly string[];
}

/** Rules by layout key ("3,2,4"), so each group sequence finds its rules in one lookup. */
function indexRules(rules: readonly NumericRule[]) {
  const byLayout = new Map<string, NumericRule[]>();
  const predicates: NumericRule[] = [];
  for (const r of rules) {
    if (typeof r.layout === 'function') predicates.push(r);
    else for (const l of r.layout) byLayout.set(l.join(','), [...(byLayout.get(l.join(',')) ?? []), r]);
  }
  return { byLayout, predicates };
}

/** One bit per separator character RUN admits. */
const SEPARATOR_BIT = new Uint8Array(128);
[...' \t\n\r./-+'].forEach((c, i) => (SEPARATOR_BIT[c.charCodeAt(0)] = 1 << i));
const WHITESPACE_BITS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3);
const bits = (chars: string) => [...chars].reduce((m, c) => m | (SEPARATOR_BIT[c.charCodeAt(0)] ?? 0), 0);
/** The separators a rule accepts: the common ones, plus `+` where it lists it (Swedish personnummer after 100); none when it lists none. */
const allowedBits = (rule: NumericRule) => (rule.separators.length > 0 ? bits(DIGIT_SEPARATORS) | bits(rule.separators) : 0);

export function numericDetector(rules: readonly NumericRule[]): Detector & { find(text: string): Iterable<NumericCandidate> } {
  const index = indexRules(rules);
  const allowed = new Map(rules.map((r) => [r, allowedBits(r)]));
  /**
   * The rules a group layout can be (listed layouts, then fitting predicates), by layout key
   * (the group lengths in base 20, each at most 19): computed once per layout, since a
   * predicate depends on the group lengths only.
   */
  const byKey = new Map<number, readonly NumericRule[]>();
  const rulesFor = (key: number, lengths: Int32Array, i: number, j: number): readonly NumericRule[] => {
    const hit = byKey.get(key);
    if (hit !== undefined) return hit;
    const groups = Array.from(lengths.subarray(i, j + 1));
    const listed = index.byLayout.get(groups.join(',')) ?? [];
    const fitting = index.predicates.filter((r) => (r.layout as (g: readonly number[]) => boolean)(groups));
    const found = [...listed, ...fitting];
    byKey.set(key, found);
    return found;
  };
  // The groups of the current run, in fixed buffers reused across runs (at most RUN_GROUPS groups): where
  // each starts in the text, its length, and the separators after it (a bit per character, and
  // whether they include whitespace).
  const starts = new Int32Array(RUN_GROUPS);
  const lengths = new Int32Array(RUN_GROUPS);
  const sepBits = new Int32Array(RUN_GROUPS);
  const breaks = new Uint8Array(RUN_GROUPS);
  /** Where each group's digits start in the run's joined digits. */
  const digitsAt = new Int32Array(RUN_GROUPS);
  /** The number of groups runAt left in the buffers. */
  let groups = 0;
  /** Whether runAt cut the chain at RUN_GROUPS groups (it goes on: separators and a digit follow), and where its next group starts. */
  let cut = false;
  let after = 0;
  /**
   * The run at offset `s` of the text whose code units (and zeros after them) are `units`: its length
   * (0 when none), with its groups left in the buffers. `s` must be the start of a run of digits that
   * RUN_START admits. Groups are whole runs of digits (at most 19) joined by whole runs of separators
   * (at most 3); the run is the longest such chain, of at most RUN_GROUPS groups, that may end where no
   * `\w` or `-` comes next.
   */
  function runAt(units: Uint16Array, s: number, kept = 0): number {
    // `kept`: groups of a cut run already in the buffers from `s` on (moved down by valuesAt); reading goes on after them.
    let n = kept;
    let ends = 0; // groups after which a run may end: a bit per group
    for (let k = 0; k < kept; k++) {
      const next = units[starts[k] + lengths[k]];
      if (!(next < 128 && (WORD[next] === 1 || next === 45))) ends |= 1 << k;
    }
    cut = false;
    for (let pos = kept > 0 ? after : s; ; ) {
      let e = pos;
      while (isDigitCode(units[e])) e++;
      if (e - pos > 19) break;
      starts[n] = pos;
      lengths[n] = e - pos;
      const next = units[e]; // the 0 after the text: allowed
      if (!(next < 128 && (WORD[next] === 1 || next === 45))) ends |= 1 << n;
      n++;
      let t = e;
      let used = 0;
      while (t - e <= MAX_SEPARATOR_RUN && isSeparatorCode(units[t])) used |= SEPARATOR_BIT[units[t++]];
      if (t === e || t - e > MAX_SEPARATOR_RUN || !isDigitCode(units[t])) break;
      sepBits[n - 1] = used;
      breaks[n - 1] = (used & WHITESPACE_BITS) !== 0 ? 1 : 0;
      if (n === RUN_GROUPS) {
        // Cut: the run is all its groups, and a value may end at the last one only as at any inner one.
        cut = true;
        after = t;
        groups = n;
        return starts[n - 1] + lengths[n - 1] - s;
      }
      pos = t;
    }
    if (ends === 0) return 0;
    const last = 31 - Math.clz32(ends);
    groups = last + 1;
    return starts[last] + lengths[last] - s;
  }
  /**
   * The values in the run whose `n` groups are in the buffers, pushed onto `out`: those that start at
   * group `from` or later; in a cut run (`open`), only those that start at its first group and are
   * followed by whitespace, as inside a run.
   */
  function inRun(text: string, n: number, from: number, open: boolean, out: NumericCandidate[]): void {
    let runDigits: string | undefined;
    const firsts = open ? 1 : n;
    for (let i = from; i < firsts; i++) {
      // A value inside a longer run must be set off by whitespace (a list), never by . - / +.
      if (i > 0 && breaks[i - 1] === 0) continue;
      let total = 0;
      let key = 0;
      for (let j = i; j < n; j++) {
        total += lengths[j];
        key = key * 20 + lengths[j];
        if (total > 19) break;
        if ((j < n - 1 || open) && breaks[j] === 0) continue;
        if (total < 8) continue;
        const candidates = rulesFor(key, lengths, i, j);
        if (candidates.length === 0) continue;
        const separated = j > i;
        let used = 0;
        for (let k = i; k < j; k++) used |= sepBits[k];
        const start = starts[i];
        const end = starts[j] + lengths[j];
        let digits: string | undefined;
        for (let r = 0; r < candidates.length; r++) {
          const rule = candidates[r];
          const ok = allowed.get(rule) ?? 0;
          if (separated && (ok === 0 || (used & ~ok) !== 0)) continue;
          if (digits === undefined) {
            // The run's digits are joined once; each value's digits are a slice of them.
            if (runDigits === undefined) {
              runDigits = '';
              for (let k = 0; k < n; k++) (digitsAt[k] = runDigits.length), (runDigits += text.slice(starts[k], starts[k] + lengths[k]));
            }
            digits = runDigits.slice(digitsAt[i], digitsAt[i] + total);
          }
          const score = rule.validate(digits, separated);
          if (score !== null) out.push({ start, end, score, type: rule.type, rule: rule.rule, context: rule.context });
        }
      }
    }
  }
  /**
   * The values of the run at offset `s` (and of the rest of its chain, when it is cut) pushed onto
   * `out`; returns where the next run may start, or -1 for no run.
   */
  function valuesAt(text: string, units: Uint16Array, s: number, out: NumericCandidate[]): number {
    // `first`: whether a value may start at the run's first group (the offset itself, or a group after whitespace).
    for (let at = s, first = true, kept = 0; ; ) {
      const length = runAt(units, at, kept);
      if (length === 0) return at === s ? -1 : at;
      if (!cut) {
        if (length >= 8) inRun(text, groups, first ? 0 : 1, false, out);
        return at + length;
      }
      // Values start at the first group or after whitespace: read the chain again from the next such
      // group here (whatever character is right before it, as for any value inside a run), or from the
      // group after the cut.
      if (first) inRun(text, groups, 0, true, out);
      let next = 1;
      while (next < groups && breaks[next - 1] === 0) next++;
      if (next < groups) {
        // The groups from `next` on are read already: moved to the front of the buffers, not read again.
        kept = groups - next;
        starts.copyWithin(0, next, groups);
        lengths.copyWithin(0, next, groups);
        sepBits.copyWithin(0, next, groups);
        breaks.copyWithin(0, next, groups);
        at = starts[0];
        first = true;
      } else {
        kept = 0;
        at = after;
        first = breaks[groups - 1] === 1;
      }
    }
  }
  return {
    type: rules[0]?.type ?? 'CREDIT_CARD',
    rule: 'numeric',
    group: 'global',
    // A run starts at a token of digits only (the pattern's left boundary); see tokens.ts.
    // The lookbehind's punctuation (letters and digits never precede a token) is checked by the walk.
    // A group shorter than any value is one only when separators join it to another group.
    token: { first: '0123456789', lacks: LOWER | UPPER, maxLength: 19, notAfter: '_.+/-', chain: { than: 7, separators: DIGIT_SEPARATORS + '+', within: MAX_SEPARATOR_RUN } },
    findAt(text: string, offsets: ArrayLike<number>, units: Uint16Array = unitsOf(text)): NumericCandidate[] {
      const out: NumericCandidate[] = [];
      if (rules.length === 0) return out;
      let consumed = 0;
      for (let k = 0; k < offsets.length; k++) {
        const s = offsets[k];
        if (s < consumed) continue;
        // The gate has already refused what the pattern's lookbehind refuses, and a group shorter
        // than any value that no separators join to another group (whose match is that group alone,
        // and inside which no later offset lies).
        const next = valuesAt(text, units, s, out);
        if (next >= 0) consumed = next;
      }
      return out;
    },
    find(text: string): NumericCandidate[] {
      const out: NumericCandidate[] = [];
      if (rules.length === 0) return out;
      // Every run start a regex finds (the engine uses findAt over the gated tokens instead).
      const units = unitsOf(text);
      RUN_START.lastIndex = 0;
      for (let m; (m = RUN_START.exec(text)); ) {
        const next = valuesAt(text, units, m.index, out);
        if (next >= 0) RUN_START.lastIndex = next;
      }
      return out;
    },
  };
}
