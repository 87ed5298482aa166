import { NUMERIC_RULES, PII_DETECTORS } from './detectors-pii';
import { SECRET_DETECTORS } from './detectors-secrets';
import { KeywordIndex } from './keyword-index';
import { encodedSegments, MIN_RUN } from './decode';
import { normalize, originalSpan } from './normalize';
import { numericDetector } from './numeric';
import { TextPass } from './tokens';
import type { Candidate, Detector, DetectorGroup, Finding, FindingType } from './types';

export const DLP_PROFILES = ['europe', 'us_healthcare', 'australia', 'all'] as const;
export type DlpProfile = (typeof DLP_PROFILES)[number];

const PROFILE_GROUPS: Record<DlpProfile, readonly DetectorGroup[]> = {
  europe: ['global', 'eu', 'secrets'],
  us_healthcare: ['global', 'us', 'secrets'],
  australia: ['global', 'au', 'secrets'],
  all: ['global', 'us', 'eu', 'au', 'secrets'],
};

export const ALL_DETECTORS: readonly Detector[] = [...PII_DETECTORS, ...SECRET_DETECTORS];

/** Default input cap: 4 Mi UTF-16 code units. Larger input is an error, never a silent pass. */
export const DEFAULT_MAX_INPUT = 4 * 1024 * 1024;
/** Findings under this score are dropped (a weak pattern with no checksum and no context). */
export const DEFAULT_MIN_SCORE = 0.3;
const CONTEXT_BOOST = 0.35;
const CONTEXT_BEFORE = 48;
const CONTEXT_AFTER = 16;

export class InputTooLargeError extends Error {
  constructor(readonly length: number, readonly limit: number) {
    super(`input of ${length} characters exceeds the DLP scan limit of ${limit}`);
    this.name = 'InputTooLargeError';
  }
}

export function isDlpProfile(value: string): value is DlpProfile {
  return (DLP_PROFILES as readonly string[]).includes(value);
}

/** The detectors a profile runs: the numeric scan (with the profile's numeric rules) first. */
export function detectorsFor(profile: DlpProfile): Detector[] {
  const groups = PROFILE_GROUPS[profile];
  return [numericDetector(NUMERIC_RULES.filter((r) => groups.includes(r.group))), ...ALL_DETECTORS.filter((d) => groups.includes(d.group))];
}


export interface ScanOptions {
  readonly profile?: DlpProfile;
  readonly minScore?: number;
  readonly maxInputLength?: number;
  /**
   * How many layers of base64, hex and percent-encoding are decoded and scanned
   * (gitleaks' --max-decode-depth). 0 turns decoding off. @default 2
   */
  readonly decodeDepth?: number;
}

export const DEFAULT_DECODE_DEPTH = 2;
/** Between decoded segments scanned together: NUL is in no detector's character classes, newlines end line-bound rules. */
const SEGMENT_BREAK = '\n\u0000\u0000\n';

const boosted = (base: number) => Math.min(1, Math.round((base + CONTEXT_BOOST) * 100) / 100);

/**
 * A context list's words as an automaton (keyword-index.ts) over ASCII text, case folded: whether
 * one occurs in a finding's window costs a table step per window character, with no lower-cased
 * copy and no search per word. Words outside ASCII, or with capitals, never occur in a lower-cased
 * ASCII window, so they are left out.
 */
class ContextWords {
  /** `step[row + code]` is the next row (state × 128), capitals stepping as their lower-case letters. */
  private readonly step: Int32Array;
  private readonly hit: Uint8Array;
  constructor(words: readonly string[]) {
    const { delta, outputs } = new KeywordIndex(words.filter((w) => /^[\x00-\x7f]+$/.test(w) && w === w.toLowerCase())).tables();
    this.step = Int32Array.from(delta, (next, k) => 128 * (k % 128 >= 65 && k % 128 <= 90 ? delta[k + 32] : next));
    this.hit = Uint8Array.from(outputs, (o) => (o.length > 0 ? 1 : 0));
  }

  /**
   * Whether a word occurs in `units[from…start)`, a space, then `units[end…to)`, lower-cased: the
   * window contextScore builds. The units must all be ASCII.
   */
  inWindow(units: Uint16Array, from: number, start: number, end: number, to: number): boolean {
    const { step, hit } = this;
    let row = 0;
    for (let i = from; i < start; i++) {
      row = step[row + units[i]];
      if (hit[row >> 7] === 1) return true;
    }
    row = step[row + 32];
    if (hit[row >> 7] === 1) return true;
    for (let i = end; i < to; i++) {
      row = step[row + units[i]];
      if (hit[row >> 7] === 1) return true;
    }
    return false;
  }
}
const contextWords = new Map<readonly string[], ContextWords>();

/**
 * contextScore for a text of ASCII characters only (the pass saw nothing else), whose code units
 * are `units`: the same answer, read with the list's automaton.
 */
export function asciiContextScore(units: Uint16Array, length: number, start: number, end: number, base: number, words: readonly string[] | undefined): number {
  if (!words || words.length === 0 || base >= 1) return base;
  let matcher = contextWords.get(words);
  if (matcher === undefined) contextWords.set(words, (matcher = new ContextWords(words)));
  return matcher.inWindow(units, Math.max(0, start - CONTEXT_BEFORE), start, end, Math.min(length, end + CONTEXT_AFTER)) ? boosted(base) : base;
}

export function contextScore(text: string, start: number, end: number, base: number, words: readonly string[] | undefined): number {
  if (!words || words.length === 0 || base >= 1) return base;
  // One lower-casing of the joined window: the same as lower-casing each side, since the space between
  // them is neither cased nor case-ignorable (no context-dependent mapping, final sigma, reaches across it).
  const window = (text.slice(Math.max(0, start - CONTEXT_BEFORE), start) + ' ' + text.slice(end, end + CONTEXT_AFTER)).toLowerCase();
  for (let i = 0; i < words.length; i++) if (window.includes(words[i])) return boosted(base);
  return base;
}

/**
 * Keeps one finding where findings of the same type overlap: within each cluster of
 * overlapping findings, the highest score (then the longest) first, then whatever does not
 * overlap what was kept. Sorting plus one sweep; clusters are small except in adversarial input,
 * where a sweep by position bounds the work.
 */
const typeOrder = new Map<string, Map<string, number>>();
/** `a.localeCompare(b)`, remembered per pair: there are a few dozen finding types. */
function compareTypes(a: string, b: string): number {
  if (a === b) return 0;
  let row = typeOrder.get(a);
  if (!row) typeOrder.set(a, (row = new Map()));
  let order = row.get(b);
  if (order === undefined) row.set(b, (order = a.localeCompare(b)));
  return order;
}
const inOrder = (a: Finding, b: Finding) => a.start - b.start || a.end - b.end || compareTypes(a.type, b.type);

/** Sorts by inOrder, stably: insertion for the few findings of most texts, which come as a few ascending runs (one per detector), where Array.prototype.sort costs more. */
function sortInOrder(findings: Finding[]): void {
  if (findings.length > 64) {
    findings.sort(inOrder);
    return;
  }
  for (let i = 1; i < findings.length; i++) {
    const f = findings[i];
    let j = i - 1;
    while (j >= 0 && inOrder(findings[j], f) > 0) (findings[j + 1] = findings[j]), j--;
    findings[j + 1] = f;
  }
}

function dedupe(findings: Finding[]): Finding[] {
  // The common case: no two findings of one type overlap, and the answer is the findings in order.
  sortInOrder(findings);
  let overlap = false;
  if (findings.length <= 16) {
    // A few findings (the common case): each against the earlier ones of its type, no map.
    for (let i = 1; i < findings.length && !overlap; i++) {
      const f = findings[i];
      for (let j = 0; j < i; j++) {
        const g = findings[j];
        if (g.type === f.type && f.start < g.end) {
          overlap = true;
          break;
        }
      }
    }
  } else {
    const lastEnd = new Map<FindingType, number>();
    for (let i = 0; i < findings.length && !overlap; i++) {
      const f = findings[i];
      const end = lastEnd.get(f.type);
      if (end !== undefined && f.start < end) overlap = true;
      else lastEnd.set(f.type, end === undefined ? f.end : Math.max(end, f.end));
    }
  }
  return overlap ? dedupeOverlapping(findings) : findings;
}

function dedupeOverlapping(findings: Finding[]): Finding[] {
  const byType = new Map<FindingType, Finding[]>();
  for (const f of findings) {
    const list = byType.get(f.type);
    if (list) list.push(f);
    else byType.set(f.type, [f]);
  }
  const kept: Finding[] = [];
  const better = (a: Finding, b: Finding) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start;
  for (const list of byType.values()) {
    list.sort((a, b) => a.start - b.start || b.end - a.end);
    for (let i = 0; i < list.length; ) {
      let end = list[i].end;
      let j = i + 1;
      while (j < list.length && list[j].start < end) end = Math.max(end, list[j++].end);
      const cluster = list.slice(i, j);
      if (cluster.length === 1) kept.push(cluster[0]);
      else if (cluster.length <= 64) {
        const chosen: Finding[] = [];
        for (const f of cluster.sort(better)) if (!chosen.some((c) => f.start < c.end && c.start < f.end)) chosen.push(f);
        kept.push(...chosen);
      } else {
        let last = -1;
        for (const f of cluster) if (f.start >= last) (kept.push(f), (last = f.end));
      }
      i = j;
    }
  }
  return kept.sort(inOrder);
}

/** Detectors bound to a profile, ready to scan many texts. */
export class Scanner {
  private readonly detectors: Detector[];
  readonly minScore: number;
  readonly maxInputLength: number;

  /**
   * The one walk over each text (tokens.ts' TextPass): the keyword automaton over every
   * detector's keywords, the tokens and their gates, the runs of base64 characters.
   */
  private readonly pass: TextPass;
  /** Per detector (same order as `detectors`): its keyword indices in the automaton, its gate, its keyword-start flags. */
  private readonly keywordIds: (Int32Array | null)[];
  private readonly gateOf: Int32Array;
  private readonly wanted: (Uint8Array | null)[];
  /** Per keyword (its index in the automaton), the detectors that need it; per detector, the last walk that met one of its keywords. */
  private readonly needing: Int32Array[];
  private readonly metAt: Int32Array;
  private walks = 0;

  readonly decodeDepth: number;

  constructor(options: ScanOptions = {}) {
    this.decodeDepth = options.decodeDepth ?? DEFAULT_DECODE_DEPTH;
    if (!Number.isInteger(this.decodeDepth) || this.decodeDepth < 0 || this.decodeDepth > 8) {
      throw new RangeError(`decodeDepth must be an integer from 0 to 8, got ${options.decodeDepth}`);
    }
    this.detectors = detectorsFor(options.profile ?? 'all');
    const keywords = new KeywordIndex(this.detectors.flatMap((d) => d.keywords ?? []));
    const indexOf = new Map(keywords.keywords.map((k, i) => [k, i]));
    this.keywordIds = this.detectors.map((d) => (d.keywords ? Int32Array.from(d.keywords, (k) => indexOf.get(k) as number) : null));
    this.needing = keywords.keywords.map((_, k) => Int32Array.from(this.detectors.flatMap((_d, i) => (this.keywordIds[i]?.includes(k) ? [i] : []))));
    this.metAt = new Int32Array(this.detectors.length);
    const gated = this.detectors.filter((d) => d.token && d.findAt);
    this.gateOf = Int32Array.from(this.detectors, (d) => gated.indexOf(d));
    const positional = new Set(this.detectors.filter((d) => d.findAtKeywords).flatMap((d) => d.keywords ?? []));
    this.wanted = this.detectors.map((d, i) => {
      if (!d.findAtKeywords) return null;
      const flags = new Uint8Array(keywords.keywords.length);
      for (const k of this.keywordIds[i] ?? []) flags[k] = 1;
      return flags;
    });
    const { delta, outputs } = keywords.tables();
    this.pass = new TextPass({ gates: gated.map((d) => d.token as NonNullable<Detector['token']>), keywords: keywords.keywords, delta, outputs, positional, minRun: MIN_RUN });
    this.minScore = options.minScore ?? DEFAULT_MIN_SCORE;
    this.maxInputLength = options.maxInputLength ?? DEFAULT_MAX_INPUT;
  }

  scan(text: string): Finding[] {
    if (text.length > this.maxInputLength) throw new InputTooLargeError(text.length, this.maxInputLength);
    if (text.length === 0) return [];
    // Each layer of decoding adds at most the input's own length to the work (decoded text is
    // shorter than its encoding: 3/4 for base64, 1/2 for hex, 1/3 for percent escapes).
    return this.scanLayer(text, 0, { left: text.length * this.decodeDepth });
  }

  /**
   * Normalizes, detects, then decodes the encoded segments and scans what they hide. A finding
   * inside a segment covers the whole segment and names the encodings, outermost first.
   */
  private scanLayer(text: string, depth: number, budget: { left: number }): Finding[] {
    // The pass runs on the text as sent; only text with a non-ASCII character can normalize to
    // something else, and only then is it normalized and walked again.
    this.pass.run(text);
    const normalized = this.pass.nonAscii ? normalize(text) : { text, starts: null, ends: null };
    // NFKC can expand a code point (U+FDFA is 18 characters): bound what the detectors see too.
    if (normalized.text.length > 2 * this.maxInputLength) throw new InputTooLargeError(normalized.text.length, 2 * this.maxInputLength);
    if (normalized.starts) this.pass.run(normalized.text);
    let findings = this.scanNormalized(normalized.text);
    if (depth < this.decodeDepth) {
      const inside = this.scanDecoded(normalized.text, depth, budget, findings);
      if (inside.length > 0) findings = dedupe([...findings, ...inside]);
    }
    if (!normalized.starts) return findings;
    // Back to the caller's offsets: monotonic, so order and non-overlap within a type survive.
    return findings.map((f) => {
      const [start, end] = originalSpan(normalized, f.start, f.end);
      return { ...f, start, end };
    });
  }

  /**
   * Decodes every encoded segment of `text` and scans them all as one text (segments joined by a
   * break no pattern crosses), so a text of many small segments costs one scan, not one each.
   * A finding maps back to the segments it touches; it covers them whole.
   */
  private scanDecoded(text: string, depth: number, budget: { left: number }, found: readonly Finding[]): Finding[] {
    // The pass over `text` (scanNormalized, just before) found no base64 run and no `%`: nothing to decode.
    if (this.pass.runCount === 0 && !this.pass.percent) return [];
    // A segment already inside a finding (a JWT, a storage key) is reported whole; what it
    // decodes to would only repeat that span. The findings by start, with how far the earlier ones
    // reach, are built when the first segment is asked about.
    let byStart: Finding[] | undefined;
    const reach: number[] = [];
    const covered = (start: number, end: number) => {
      if (byStart === undefined) {
        byStart = found.length > 1 && found.some((x, k) => k > 0 && found[k - 1].start > x.start) ? [...found].sort((a, b) => a.start - b.start) : (found as Finding[]);
        for (const x of byStart) reach.push(Math.max(reach[reach.length - 1] ?? -1, x.end));
      }
      let lo = 0;
      let hi = byStart.length - 1;
      let last = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (byStart[mid].start <= start) (last = mid), (lo = mid + 1);
        else hi = mid - 1;
      }
      return last >= 0 && reach[last] >= end;
    };
    // The pass over `text` (scanNormalized, just before) found its base64 runs.
    const segments = encodedSegments(text, covered, this.pass).sort((a, b) => a.start - b.start).filter((seg) => {
      if (seg.decoded.length + SEGMENT_BREAK.length > budget.left) return false;
      budget.left -= seg.decoded.length + SEGMENT_BREAK.length;
      return true;
    });
    if (segments.length === 0) return [];
    const at: number[] = [];
    let joined = '';
    for (const seg of segments) {
      at.push(joined.length);
      joined += seg.decoded + SEGMENT_BREAK;
    }
    const segmentAt = (offset: number) => {
      let lo = 0;
      let hi = at.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (at[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    return this.scanLayer(joined, depth + 1, budget).map((f) => {
      const first = segments[segmentAt(f.start)];
      const last = segments[segmentAt(Math.max(f.start, f.end - 1))];
      return { type: f.type, rule: f.rule, start: first.start, end: Math.max(first.end, last.end), score: f.score, encoding: f.encoding ? `${first.encoding}/${f.encoding}` : first.encoding };
    });
  }

  /** Scans text that is already normalized, and that the pass has just walked; offsets refer to it. */
  private scanNormalized(text: string): Finding[] {
    const pass = this.pass;
    let lower: string | undefined;
    const findings: Finding[] = [];
    const { detectors, keywordIds, gateOf, wanted, minScore, needing, metAt } = this;
    // The detectors with a keyword the walk met: marked from the few keywords met, not asked per detector.
    if (++this.walks === 0x7fffffff) (this.walks = 1), metAt.fill(0); // 32-bit marks, as the pass's epochs
    const walk = this.walks;
    for (let s = 0; s < pass.seenCount; s++) {
      const list = needing[pass.seenList[s]];
      for (let k = 0; k < list.length; k++) metAt[list[k]] = walk;
    }
    for (let i = 0; i < detectors.length; i++) {
      const d = detectors[i];
      if (keywordIds[i] !== null && metAt[i] !== walk) continue;
      const g = gateOf[i];
      let found: Iterable<Candidate>;
      if (g >= 0) {
        // Most gates pass no token of a short text: asked by count, without making a view of none.
        if (pass.startCount(g) === 0 && (d.alsoAtText === undefined || !text.includes(d.alsoAtText))) continue;
        found = (d.findAt as NonNullable<Detector['findAt']>)(text, pass.starts(g), pass.units);
      } else if (d.findAtKeywords) found = d.findAtKeywords(text, pass.keywordStarts(wanted[i] as Uint8Array));
      else found = d.find(text, (lower ??= text.toLowerCase()));
      if (Array.isArray(found)) {
        // Detectors return arrays but for a few generators: indexed, without an iterator per call.
        for (let k = 0; k < found.length; k++) this.keep(findings, text, d, found[k] as Candidate, minScore);
      } else for (const c of found) this.keep(findings, text, d, c, minScore);
    }
    return findings.length > 1 ? dedupe(findings) : findings;
  }

  private keep(findings: Finding[], text: string, d: Detector, c: Candidate, minScore: number): void {
    const pass = this.pass;
    const score = pass.nonAscii ? contextScore(text, c.start, c.end, c.score, c.context ?? d.context) : asciiContextScore(pass.units, text.length, c.start, c.end, c.score, c.context ?? d.context);
    if (score >= minScore) findings.push({ type: c.type ?? d.type, rule: c.rule ?? d.rule, start: c.start, end: c.end, score });
  }
}

const scanners = new Map<string, Scanner>();
/** Scans `text` with the detectors of `options.profile` (default: all). */
export function scan(text: string, options: ScanOptions = {}): Finding[] {
  const key = `${options.profile ?? 'all'}|${options.minScore ?? ''}|${options.maxInputLength ?? ''}|${options.decodeDepth ?? ''}`;
  let scanner = scanners.get(key);
  if (!scanner) scanners.set(key, (scanner = new Scanner(options)));
  return scanner.scan(text);
}

export interface RedactOptions {
  /** Keep the last four digits of payment cards, e.g. `[REDACTED:CREDIT_CARD:****1881]`. */
  readonly keepCardLastFour?: boolean;
}

/**
 * Replaces each finding by `[REDACTED:<TYPE>]`. Overlapping findings become one redaction
 * labelled with the highest-scoring type; everything else is kept byte for byte.
 */
export function redact(text: string, findings: readonly Finding[], options: RedactOptions = {}): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  for (let i = 0; i < sorted.length; ) {
    let { start, end } = sorted[i];
    let top = sorted[i];
    let j = i + 1;
    while (j < sorted.length && sorted[j].start < end) {
      end = Math.max(end, sorted[j].end);
      if (sorted[j].score > top.score) top = sorted[j];
      j++;
    }
    start = Math.max(start, cursor);
    out += text.slice(cursor, start);
    let label = `[REDACTED:${top.type}]`;
    if (options.keepCardLastFour && top.type === 'CREDIT_CARD') {
      const last4 = normalize(text.slice(top.start, top.end)).text.replace(/\D/g, '').slice(-4);
      label = `[REDACTED:CREDIT_CARD:****${last4}]`;
    }
    out += label;
    cursor = end;
    i = j;
  }
  return out + text.slice(cursor);
}

/** Finding types and counts, the only form in which findings reach logs and errors. */
export function summarize(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) {
    const key = f.type === 'SECRET' ? `SECRET:${f.rule}` : f.type;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
