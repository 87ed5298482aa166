import { DIGIT, type Tokens } from './tokens';
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
/** Runs of up to six digit groups; a value never has more (a card in five groups is the longest). */
const RUN_SOURCE = String.raw`(?<![\w.+/-])\d{1,19}(?:[ \t\n\r./+-]{1,${MAX_SEPARATOR_RUN}}\d{1,19}){0,5}(?![\w-])`;
const RUN = new RegExp(RUN_SOURCE, 'g');
/** The same, tried at one digit token at a time (the tokenizing pass finds them). */
const RUN_AT = new RegExp(RUN_SOURCE, 'y');
const IS_SEPARATOR = new Uint8Array(128);
for (const c of ' \t\n\r./+-') IS_SEPARATOR[c.charCodeAt(0)] = 1;

/** Runs of digit groups in text order: at digit tokens when the tokenizing pass is given, else by one regex over the text. */
function* runs(text: string, tokens: Tokens | undefined): Iterable<RegExpExecArray> {
  if (!tokens) {
    RUN.lastIndex = 0;
    for (let m; (m = RUN.exec(text)); ) yield m;
    return;
  }
  const { start, length, mask, count } = tokens;
  let consumed = 0;
  for (let k = 0; k < count; k++) {
    const s = start[k];
    if (s < consumed || mask[k] !== DIGIT) continue;
    // A lone group shorter than any identifier, with no separator after it, cannot start a value.
    const after = text.charCodeAt(s + length[k]);
    if (length[k] < 8 && !(after < 128 && IS_SEPARATOR[after] === 1)) continue;
    RUN_AT.lastIndex = s;
    const m = RUN_AT.exec(text);
    if (!m) continue;
    consumed = s + m[0].length;
    yield m;
  }
}

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

/** The common separators, plus `+` where the rule lists it (Swedish personnummer after 100). */
function allowedSeparators(rule: NumericRule, used: string): boolean {
  for (let k = 0; k < used.length; k++) {
    const c = used[k];
    if (!DIGIT_SEPARATORS.includes(c) && !rule.separators.includes(c)) return false;
  }
  return rule.separators.length > 0;
}

export function numericDetector(rules: readonly NumericRule[]): Detector & { find(text: string, lower?: string, tokens?: Tokens): Iterable<NumericCandidate> } {
  const index = indexRules(rules);
  return {
    type: rules[0]?.type ?? 'CREDIT_CARD',
    rule: 'numeric',
    group: 'global',
    *find(text: string, _lower?: string, tokens?: Tokens): Iterable<NumericCandidate> {
      if (rules.length === 0) return;
      const { byLayout, predicates } = index;
      for (const m of runs(text, tokens)) {
        const run = m[0];
        if (run.length < 8) continue; // no rule accepts fewer than 8 digits
        // Split into groups: starts, lengths and the separator run after each.
        const starts: number[] = [];
        const lengths: number[] = [];
        const seps: string[] = [];
        /** Whether the separator run after each group holds whitespace (can end a value in a list). */
        const breaks: boolean[] = [];
        for (let i = 0; i < run.length; ) {
          const s = i;
          while (i < run.length && run.charCodeAt(i) >= 48 && run.charCodeAt(i) <= 57) i++;
          starts.push(s);
          lengths.push(i - s);
          const sepStart = i;
          let white = false;
          for (let c = run.charCodeAt(i); i < run.length && (c < 48 || c > 57); c = run.charCodeAt(++i)) white ||= c === 32 || c === 9 || c === 10 || c === 13;
          if (i > sepStart) {
            seps.push(run.slice(sepStart, i));
            breaks.push(white);
          }
        }
        const n = lengths.length;
        for (let i = 0; i < n; i++) {
          // A value inside a longer run must be set off by whitespace (a list), never by . - / +.
          if (i > 0 && !breaks[i - 1]) continue;
          let total = 0;
          let key = '';
          for (let j = i; j < n; j++) {
            total += lengths[j];
            key = j === i ? String(lengths[j]) : `${key},${lengths[j]}`;
            if (total > 19) break;
            if (j < n - 1 && !breaks[j]) continue;
            if (total < 8) continue;
            const listed = byLayout.get(key);
            const fitting = predicates.length ? predicates.filter((r) => (r.layout as (g: readonly number[]) => boolean)(lengths.slice(i, j + 1))) : [];
            if (!listed && fitting.length === 0) continue;
            const separated = j > i;
            const used = separated ? seps.slice(i, j).join('') : '';
            const start = m.index + starts[i];
            const end = m.index + starts[j] + lengths[j];
            let digits: string | undefined;
            for (const r of listed ? [...listed, ...fitting] : fitting) {
              if (separated && !allowedSeparators(r, used)) continue;
              digits ??= text.slice(start, end).replace(/\D/g, '');
              const score = r.validate(digits, separated);
              if (score !== null) yield { start, end, score, type: r.type, rule: r.rule, context: r.context };
            }
          }
        }
      }
    },
  };
}
