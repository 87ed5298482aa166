/**
 * The tokenizing pass: one walk over the text that records every maximal run of ASCII letters
 * and digits (a token) with its length and the character classes it holds. Detectors whose
 * values start at a token declare a gate (length range, first character, classes, the
 * character after it); the engine tries their pattern only at the tokens that pass, instead of
 * running one regex over the whole text per detector.
 */

export const DIGIT = 1;
export const LOWER = 2;
export const UPPER = 4;
/** A letter outside a–f / A–F: the token is not hexadecimal. */
export const NON_HEX = 8;

const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER | (c > 102 ? NON_HEX : 0);
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER | (c > 70 ? NON_HEX : 0);

export class Tokens {
  count = 0;
  start: Int32Array;
  length: Int32Array;
  mask: Uint8Array;

  constructor(capacity: number) {
    this.start = new Int32Array(capacity);
    this.length = new Int32Array(capacity);
    this.mask = new Uint8Array(capacity);
  }
}

/**
 * Tokens of `text`. Linear, one pass; at most one token per two characters. With `reuse`, its
 * buffers are filled (and grown when too small) instead of allocating new ones: a scanner
 * passes its own, valid until its next call.
 */
export function tokenize(text: string, reuse?: Tokens): Tokens {
  const n = text.length;
  const needed = (n >> 1) + 1;
  const t = reuse && reuse.start.length >= needed ? reuse : new Tokens(reuse ? Math.max(needed, reuse.start.length * 2) : needed);
  if (reuse && t !== reuse) {
    reuse.start = t.start;
    reuse.length = t.length;
    reuse.mask = t.mask;
  }
  let count = 0;
  const { start, length, mask } = t;
  for (let i = 0; i < n; ) {
    let c = text.charCodeAt(i);
    if (c >= 128 || CLASS[c] === 0) {
      i++;
      continue;
    }
    const s = i;
    let m = 0;
    do {
      m |= CLASS[c];
      c = ++i < n ? text.charCodeAt(i) : 0;
    } while (c < 128 && CLASS[c] !== 0 && i < n);
    start[count] = s;
    length[count] = i - s;
    mask[count] = m;
    count++;
  }
  t.count = count;
  if (reuse) {
    reuse.count = count;
    return reuse;
  }
  return t;
}

/** Which tokens a detector's values can start at. Every field is optional; all must hold. */
export interface TokenGate {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Characters the token may start with. */
  readonly first?: string;
  /** Classes the token must hold (DIGIT | UPPER …), and classes it must not hold. */
  readonly has?: number;
  readonly lacks?: number;
  /** Classes of which the token must hold at least one (LOWER | UPPER: a letter of either case). */
  readonly hasAny?: number;
  /** Classes a token longer than `than` characters must also hold. */
  readonly longerHas?: { readonly than: number; readonly has: number };
  /** Characters one of which must follow the token. */
  readonly next?: string;
  /** Characters that, right before the token, are where the value starts instead (`+` of a phone number). */
  readonly lead?: string;
  /**
   * Characters that, right before where the value starts (the token, or its lead character), rule
   * the token out: the pattern's lookbehind, checked by the walk instead of at every start.
   */
  readonly notAfter?: string;
  /** Record where the token ends instead of where it starts (values that end at a token's end). */
  readonly atEnd?: boolean;
  /**
   * A token of at most `than` characters must be followed by 1 to `within` of `separators` and then
   * a digit (a short group is a value only as part of a longer number). Not asked where a lead
   * character moved the start.
   */
  readonly chain?: { readonly than: number; readonly separators: string; readonly within: number };
}

function charSet(chars: string | undefined): Uint8Array | null {
  if (chars === undefined) return null;
  const set = new Uint8Array(128);
  for (const ch of chars) set[ch.charCodeAt(0)] = 1;
  return set;
}

const LENGTHS = 130; // lengths 0…128, and one bucket for longer tokens

/** Per gate, flat: what a token's table entry does not decide — longest token, longer-token classes, the next/lead character sets (128 entries each). */
interface GateChecks {
  readonly max: Float64Array;
  readonly longThan: Float64Array;
  readonly longHas: Int32Array;
  readonly hasNext: Uint8Array;
  readonly nextSet: Uint8Array;
  readonly hasLead: Uint8Array;
  readonly leadSet: Uint8Array;
  readonly hasNotAfter: Uint8Array;
  readonly notAfterSet: Uint8Array;
  readonly atEnd: Uint8Array;
  readonly chainThan: Float64Array;
  readonly chainWithin: Int32Array;
  readonly chainSet: Uint8Array;
}

function gateChecks(gates: readonly TokenGate[]): GateChecks {
  const G = gates.length;
  const c = {
    max: new Float64Array(G),
    longThan: new Float64Array(G),
    longHas: new Int32Array(G),
    hasNext: new Uint8Array(G),
    nextSet: new Uint8Array(G * 128),
    hasLead: new Uint8Array(G),
    leadSet: new Uint8Array(G * 128),
    hasNotAfter: new Uint8Array(G),
    notAfterSet: new Uint8Array(G * 128),
    atEnd: new Uint8Array(G),
    chainThan: new Float64Array(G).fill(-1),
    chainWithin: new Int32Array(G),
    chainSet: new Uint8Array(G * 128),
  };
  gates.forEach((g, index) => {
    c.max[index] = g.maxLength ?? Number.MAX_SAFE_INTEGER;
    c.longThan[index] = g.longerHas?.than ?? Number.MAX_SAFE_INTEGER;
    c.longHas[index] = g.longerHas?.has ?? 0;
    const next = charSet(g.next);
    if (next) (c.hasNext[index] = 1), c.nextSet.set(next, index * 128);
    const lead = charSet(g.lead);
    if (lead) (c.hasLead[index] = 1), c.leadSet.set(lead, index * 128);
    const notAfter = charSet(g.notAfter);
    if (notAfter) (c.hasNotAfter[index] = 1), c.notAfterSet.set(notAfter, index * 128);
    if (g.atEnd === true) c.atEnd[index] = 1;
    if (g.chain) {
      c.chainThan[index] = g.chain.than;
      c.chainWithin[index] = g.chain.within;
      c.chainSet.set(charSet(g.chain.separators) as Uint8Array, index * 128);
    }
  });
  return c;
}


/**
 * Many gates in one pass over the tokens: a table keyed by (first character, length) lists the
 * gates a token can pass, so most tokens (prose words) cost one lookup of an empty list.
 */
export class GateDispatch {
  /** For key (first character × LENGTHS + length bucket), the gates it lists: `list[offset[key]…offset[key + 1])`. */
  private readonly offset: Int32Array;
  private readonly list: Int32Array;
  /** Per gate, flat: required and forbidden classes, longest token, and the next/lead character sets (128 entries each). */
  private readonly has: Int32Array;
  private readonly hasAny: Int32Array;
  private readonly lacks: Int32Array;
  private readonly max: Float64Array;
  private readonly longThan: Float64Array;
  private readonly longHas: Int32Array;
  private readonly hasNext: Uint8Array;
  private readonly nextSet: Uint8Array;
  private readonly hasLead: Uint8Array;
  private readonly leadSet: Uint8Array;
  private readonly hasNotAfter: Uint8Array;
  private readonly notAfterSet: Uint8Array;
  private readonly atEnd: Uint8Array;
  private readonly chainThan: Float64Array;
  private readonly chainWithin: Int32Array;
  private readonly chainSet: Uint8Array;
  private readonly count: number;

  constructor(gates: readonly TokenGate[]) {
    const G = (this.count = gates.length);
    this.has = new Int32Array(G);
    this.hasAny = new Int32Array(G);
    this.lacks = new Int32Array(G);
    ({ max: this.max, longThan: this.longThan, longHas: this.longHas, hasNext: this.hasNext, nextSet: this.nextSet, hasLead: this.hasLead, leadSet: this.leadSet, hasNotAfter: this.hasNotAfter, notAfterSet: this.notAfterSet, atEnd: this.atEnd, chainThan: this.chainThan, chainWithin: this.chainWithin, chainSet: this.chainSet } = gateChecks(gates));
    const lists: number[][] = Array.from({ length: 128 * LENGTHS }, () => []);
    gates.forEach((g, index) => {
      this.has[index] = g.has ?? 0;
      this.hasAny[index] = g.hasAny ?? 0;
      this.lacks[index] = g.lacks ?? 0;
      const first = charSet(g.first);
      const min = g.minLength ?? 1;
      const max = Math.min(g.maxLength ?? LENGTHS, LENGTHS - 1);
      for (let c = 0; c < 128; c++) {
        if ((first && first[c] === 0) || CLASS[c] === 0) continue;
        for (let len = min; len <= max; len++) lists[c * LENGTHS + len].push(index);
      }
    });
    this.offset = new Int32Array(lists.length + 1);
    let total = 0;
    lists.forEach((l, key) => {
      this.offset[key] = total;
      total += l.length;
    });
    this.offset[lists.length] = total;
    this.list = new Int32Array(total);
    lists.forEach((l, key) => this.list.set(l, this.offset[key]));
  }

  /** For each gate, the offsets to try its pattern at, in text order. */
  starts(text: string, tokens: Tokens): Int32Array[] {
    // Typed buffers grown by doubling: a JS array push per token costs several times more.
    const buffers: Int32Array[] = [];
    for (let g = 0; g < this.count; g++) buffers.push(new Int32Array(16));
    const sizes = new Int32Array(this.count);
    const { start, length, mask, count } = tokens;
    const { offset, list, has, hasAny, lacks, max, longThan, longHas, hasNext, nextSet, hasLead, leadSet, hasNotAfter, notAfterSet, atEnd, chainThan, chainWithin, chainSet } = this;
    for (let k = 0; k < count; k++) {
      const s = start[k];
      const len = length[k];
      const key = text.charCodeAt(s) * LENGTHS + (len < LENGTHS ? len : LENGTHS - 1);
      const lo = offset[key];
      const hi = offset[key + 1];
      if (lo === hi) continue;
      const m = mask[k];
      for (let p = lo; p < hi; p++) {
        const g = list[p];
        if ((m & has[g]) !== has[g] || (m & lacks[g]) !== 0 || len > max[g]) continue;
        if (hasAny[g] !== 0 && (m & hasAny[g]) === 0) continue;
        if (len > longThan[g] && (m & longHas[g]) !== longHas[g]) continue;
        if (hasNext[g] === 1) {
          const c = text.charCodeAt(s + len); // NaN past the end: in no set
          if (!(c < 128) || nextSet[g * 128 + c] === 0) continue;
        }
        let at = s;
        if (hasLead[g] === 1 && s > 0) {
          const c = text.charCodeAt(s - 1);
          if (c < 128 && leadSet[g * 128 + c] === 1) at = s - 1;
        }
        if (hasNotAfter[g] === 1 && at > 0) {
          const c = text.charCodeAt(at - 1);
          if (c < 128 && notAfterSet[g * 128 + c] === 1) continue;
        }
        if (at === s && len <= chainThan[g]) {
          let t = s + len;
          while (t < s + len + chainWithin[g] && text.charCodeAt(t) < 128 && chainSet[g * 128 + text.charCodeAt(t)] === 1) t++;
          const c = text.charCodeAt(t);
          if (t === s + len || !(c >= 48 && c <= 57)) continue;
        }
        if (atEnd[g] === 1) at = s + len;
        let buffer = buffers[g];
        if (sizes[g] === buffer.length) {
          const grown = new Int32Array(buffer.length * 2);
          grown.set(buffer);
          buffers[g] = buffer = grown;
        }
        buffer[sizes[g]++] = at;
      }
    }
    const out: Int32Array[] = [];
    for (let g = 0; g < this.count; g++) out.push(buffers[g].subarray(0, sizes[g]));
    return out;
  }
}

/** One gate on its own: `starts(text, tokens)` yields the offsets to try the pattern at, in order. */
export function compileGate(gate: TokenGate) {
  // Built on first use: the engine's TextPass answers gates itself, and a table per detector at module load
  // was most of the bundle's start-up time.
  let dispatch: GateDispatch | undefined;
  return (text: string, tokens: Tokens): Int32Array => (dispatch ??= new GateDispatch([gate])).starts(text, tokens)[0];
}

/** `+ / - _`: base64 characters that are not letters or digits (standard and URL-safe alphabets). */
export const B64_PUNCT = 16;
const ALNUM = DIGIT | LOWER | UPPER;
const PASS_CLASS = new Uint8Array(128);
PASS_CLASS.set(CLASS);
for (const ch of '+/-_') PASS_CLASS[ch.charCodeAt(0)] = B64_PUNCT;
/** Letters and digits numbered 0…61: the first character of a token, as a table index. */
const FIRST = new Int32Array(128).fill(-1);
'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'.split('').forEach((ch, i) => (FIRST[ch.charCodeAt(0)] = i));
const MASKS = 16;
/** Flags of a gate's entry in the pass's gate lists (the gate's index times 16, plus these). */
const LEAD = 1;
const AT_END = 2;
const NOT_AFTER = 4;
const CHAIN = 8;

/**
 * A code unit's entry in the pass's `unit` table: its PASS_CLASS in the low five bits, PERCENT for `%`,
 * ODD for what normalization may change (outside ASCII, and ASCII controls but tab and line ends), and
 * its column in the automaton's table from COLUMN_SHIFT up.
 */
const PERCENT = 32;
const ODD = 64;
const COLUMN_SHIFT = 7;
/** At most this many keys in a TextPass's gate table (the engine's gates need about 13,000). */
const MAX_GATE_KEYS = 1 << 22;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Zeros after a text's code units in TextPass.units and unitsOf: a detector reading a few characters
 * past the end reads 0, which is in no character class (as charCodeAt's NaN is in none).
 */
export const UNITS_PADDING = 64;

/** `text`'s UTF-16 code units and UNITS_PADDING zeros after them (what TextPass.units holds after a walk of `text`). */
export function unitsOf(text: string): Uint16Array {
  const units = new Uint16Array(text.length + UNITS_PADDING);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return units;
}

/** Grows a typed buffer that is full. */
function grown(buffer: Int32Array): Int32Array {
  const b = new Int32Array(buffer.length * 2);
  b.set(buffer);
  return b;
}

export interface TextPassOptions {
  readonly gates: readonly TokenGate[];
  /** The keyword automaton's tables and its keywords (keyword-index.ts). */
  readonly keywords: readonly string[];
  readonly delta: Int32Array;
  readonly outputs: readonly (readonly number[])[];
  /** Keywords whose every start offset is recorded (for detectors that try their pattern there). */
  readonly positional?: ReadonlySet<string>;
  /** Shortest run of base64 characters recorded as a candidate for decoding. */
  readonly minRun: number;
}

/**
 * The engine's one walk over the text. Per character it steps the keyword automaton (case
 * folded), extends the current token (a maximal run of ASCII letters and digits) and the current
 * run of base64 characters; at the end of a token it looks the token up in the gate table
 * (keyed by first character, length, classes and the character after it, so the gates listed
 * there hold but for the character before the token, which only moves a start) and records the
 * token's start for each gate listed. Results stay valid until the next `run`; the buffers are
 * reused. The walk reads the text's code units from a typed array (one native copy, about
 * 0.2 ns per character) rather than with charCodeAt (a loop of charCodeAt alone measured 2.5–3 ns
 * per character here, a loop over the typed array under 1 ns).
 *
 * Gate results are the same as GateDispatch.starts over tokenize (test/dlp/tokens.test.ts).
 */
export class TextPass {
  /**
   * The gates, as one table keyed by the token's first character, length, classes and the character
   * after it, each reduced to the classes of values that every gate treats alike: the gates a key lists,
   * `gateList[gateOffset[key]…gateOffset[key + 1])`, are exactly those the token passes.
   */
  private readonly gateOffset: Int32Array;
  private readonly gateList: Int32Array;
  /** Per key, 1 when it lists a gate. */
  private readonly gated: Uint8Array;
  /** The tokens of the last walk that pass a gate: start, end and key. */
  private logStart: Int32Array = new Int32Array(64);
  private logKey: Int32Array = new Int32Array(64);
  private logEnd: Int32Array = new Int32Array(64);
  /** The rows of the last walk that report keywords, and where. */
  private reportRow: Int32Array = new Int32Array(64);
  private reportAt: Int32Array = new Int32Array(64);
  /** Per ASCII code, its first-character class × lengthClasses (-1 for codes that start no token). */
  private readonly firstClass: Int32Array;
  /** Per length up to `lengthCap` (longer tokens are as long as `lengthCap`), its class. */
  private readonly lengthClass: Int32Array;
  private readonly lengthCap: number;
  /** Per ASCII code, and at 128 for no character (the end of the text, or one outside ASCII), its class as the character after a token. */
  private readonly nextClass: Int32Array;
  private readonly nextClasses: number;
  private readonly leadSet: Uint8Array;
  private readonly notAfterSet: Uint8Array;
  private readonly chainThan: Float64Array;
  private readonly chainWithin: Int32Array;
  private readonly chainSet: Uint8Array;
  /**
   * The gates' starts: gate g's are `store[base[g]…base[g] + sizes[g])`, in a region of `capacity[g]`
   * entries (one typed array for all: cheaper per entry than an array of typed arrays).
   */
  private store: Int32Array;
  private storeEnd: number;
  private readonly base: Int32Array;
  private readonly capacity: Int32Array;
  private readonly sizes: Int32Array;

  /** Per code unit, its column in the automaton's table, classes and flags (PERCENT, ODD). */
  private readonly unit: Uint16Array;
  private readonly columns: number;
  /** The automaton's steps: `step[row + column]` is the next row (state × columns); rows from `reportFrom` on report keywords. */
  private readonly step: Uint16Array | Uint32Array;
  private readonly reportFrom: number;
  /** The last text's code units, then UNITS_PADDING zeros. */
  private codes = new Uint16Array(1024);
  private codeBytes = Buffer.from(this.codes.buffer, this.codes.byteOffset, this.codes.byteLength);
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  private readonly keywordLength: Int32Array;
  private readonly positional: Uint8Array;
  private readonly seen: Int32Array;
  /** The keywords the last walk met, each once, in the order first met: `seenList[0…seenCount)`. */
  seenCount = 0;
  readonly seenList: Int32Array;
  private epoch = 0;
  /** Recorded keyword starts: keyword index and offset, in the order their ends were met. */
  hitCount = 0;
  hitKeyword: Int32Array = new Int32Array(64);
  hitStart: Int32Array = new Int32Array(64);

  private readonly minRun: number;
  /** Maximal runs of base64 characters at least `minRun` long, with the classes they hold. */
  runCount = 0;
  runStart: Int32Array = new Int32Array(64);
  runEnd: Int32Array = new Int32Array(64);
  runMask: Int32Array = new Int32Array(64);
  /** Whether the text holds a `%`. */
  percent = false;
  /** Whether the text holds a character outside ASCII or an ASCII control character (only then can normalization change it). */
  nonAscii = false;

  constructor(options: TextPassOptions) {
    const { gates } = options;
    const G = gates.length;
    // Per gate, 128 flags each: the lead and notAfter characters and the chain's separators, with the chain's bounds.
    ({ leadSet: this.leadSet, notAfterSet: this.notAfterSet, chainThan: this.chainThan, chainWithin: this.chainWithin, chainSet: this.chainSet } = gateChecks(gates));
    this.store = new Int32Array(64 * G);
    this.storeEnd = 64 * G;
    this.base = Int32Array.from(gates, (_, g) => 64 * g);
    this.capacity = new Int32Array(G).fill(64);
    this.sizes = new Int32Array(G);
    // Values every gate treats alike are one class: the class of a value is the index of its signature
    // (what each gate says of it) among the signatures met so far; `representative` keeps one value each.
    const classify = <T>(values: readonly T[], signature: (v: T) => string) => {
      const index = new Map<string, number>();
      const representative: T[] = [];
      const of = values.map((v) => {
        const key = signature(v);
        let k = index.get(key);
        if (k === undefined) index.set(key, (k = representative.length)), representative.push(v);
        return k;
      });
      return { of, representative };
    };
    const firsts = gates.map((g) => charSet(g.first));
    const nexts = gates.map((g) => charSet(g.next));
    // A chained gate without lead characters asks for a separator right after a short token: that much the table decides.
    const chainSeps = gates.map((g) => (g.chain && g.lead === undefined ? charSet(g.chain.separators) : null));
    const starters = [...Array(128).keys()].filter((c) => FIRST[c] >= 0);
    const byFirst = classify(starters, (c) => firsts.map((f) => (f === null || f[c] === 1 ? 1 : 0)).join(''));
    // Past the largest length any gate names, every length is treated alike.
    const bounds = gates.flatMap((g) => [g.minLength ?? 0, g.maxLength ?? 0, g.longerHas?.than ?? 0, g.chain?.than ?? 0]).filter((b) => Number.isFinite(b));
    const cap = Math.max(0, ...bounds) + 1;
    if (cap > 1 << 16) throw new RangeError(`token gate lengths up to ${cap - 1} exceed ${1 << 16}`);
    const minOf = (g: TokenGate) => Math.max(1, g.minLength ?? 1);
    const maxOf = (g: TokenGate) => g.maxLength ?? Infinity;
    const byLength = classify([...Array(cap + 1).keys()], (len) => gates.map((g) => `${len >= minOf(g) ? 1 : 0}${len <= maxOf(g) ? 1 : 0}${g.longerHas && len > g.longerHas.than ? 1 : 0}${g.chain && len <= g.chain.than ? 1 : 0}`).join(''));
    // 128: no character after the token (the text ends, or a code unit outside ASCII follows).
    const byNext = classify([...Array(129).keys()], (c) => nexts.map((x, g) => `${x === null || (c < 128 && x[c] === 1) ? 1 : 0}${chainSeps[g] !== null && c < 128 && chainSeps[g]![c] === 1 ? 1 : 0}`).join(''));
    const FC = byFirst.representative.length;
    const LC = byLength.representative.length;
    const NC = byNext.representative.length;
    this.firstClass = new Int32Array(128).fill(-1);
    starters.forEach((c, k) => (this.firstClass[c] = byFirst.of[k] * LC));
    this.lengthClass = Int32Array.from(byLength.of);
    this.lengthCap = cap;
    this.nextClass = Int32Array.from(byNext.of);
    this.nextClasses = NC;
    const passes = (g: TokenGate, g_: number, first: number, len: number, m: number, next: number) => {
      const f = firsts[g_];
      const x = nexts[g_];
      if (f !== null && f[first] === 0) return false;
      if ((m & (g.has ?? 0)) !== (g.has ?? 0) || (m & (g.lacks ?? 0)) !== 0) return false;
      if (g.hasAny !== undefined && g.hasAny !== 0 && (m & g.hasAny) === 0) return false;
      if (len < minOf(g) || len > maxOf(g)) return false;
      if (g.longerHas && len > g.longerHas.than && (m & g.longerHas.has) !== g.longerHas.has) return false;
      const seps = chainSeps[g_];
      if (seps !== null && g.chain && len <= g.chain.than && !(next < 128 && seps[next] === 1)) return false;
      return x === null || (next < 128 && x[next] === 1);
    };
    const keys = FC * LC * MASKS * NC;
    if (keys > MAX_GATE_KEYS) throw new RangeError(`token gates need a table of ${keys} keys (${FC} first characters × ${LC} lengths × ${MASKS} class masks × ${NC} next characters), more than ${MAX_GATE_KEYS}`);
    const lists: number[][] = [];
    for (let fc = 0; fc < FC; fc++) {
      for (let lc = 0; lc < LC; lc++) {
        for (let m = 0; m < MASKS; m++) {
          for (let nc = 0; nc < NC; nc++) {
            const first = byFirst.representative[fc];
            const len = byLength.representative[lc];
            const next = byNext.representative[nc];
            lists.push(gates.flatMap((g, k) => (passes(g, k, first, len, m, next) ? [k] : [])));
          }
        }
      }
    }
    this.gateOffset = new Int32Array(keys + 1);
    let listed = 0;
    lists.forEach((l, key) => ((this.gateOffset[key] = listed), (listed += l.length)));
    this.gateOffset[keys] = listed;
    this.gateList = Int32Array.from(lists.flat(), (g) => g * 16 + (gates[g].lead !== undefined ? LEAD : 0) + (gates[g].atEnd === true ? AT_END : 0) + (gates[g].notAfter !== undefined ? NOT_AFTER : 0) + (gates[g].chain ? CHAIN : 0));
    this.gated = Uint8Array.from(lists, (l) => (l.length > 0 ? 1 : 0));

    // The automaton, compressed for the walk. Its alphabet: ASCII codes whose columns are the same in every
    // state are one column (case folded: an upper-case letter is its lower-case letter; every code no keyword
    // holds, and every code unit outside ASCII, is the column of code 0, which steps every state to the root).
    // Its states: renumbered so that those that report keywords come last, and stored as their row offsets,
    // so a step is one table read and a report one comparison.
    const states = options.outputs.length;
    const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
    const columnOf = new Map<string, number>();
    const asciiColumn = new Uint8Array(128);
    const representative: number[] = [];
    for (let c = 0; c < 128; c++) {
      const cells: number[] = [];
      for (let st = 0; st < states; st++) cells.push(options.delta[st * 128 + fold(c)]);
      const key = cells.join(',');
      let col = columnOf.get(key);
      if (col === undefined) columnOf.set(key, (col = representative.length)), representative.push(fold(c));
      asciiColumn[c] = col;
    }
    const columns = representative.length;
    this.unit = new Uint16Array(65536).fill((asciiColumn[0] << COLUMN_SHIFT) | ODD);
    for (let c = 0; c < 128; c++) {
      const odd = (c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127;
      this.unit[c] = (asciiColumn[c] << COLUMN_SHIFT) | PASS_CLASS[c] | (c === 37 ? PERCENT : 0) | (odd ? ODD : 0);
    }
    const order: number[] = [];
    for (let st = 0; st < states; st++) if (options.outputs[st].length === 0) order.push(st);
    const quiet = order.length;
    for (let st = 0; st < states; st++) if (options.outputs[st].length > 0) order.push(st);
    if (order[0] !== 0) throw new Error('keyword automaton: the root reports a keyword (an empty keyword?)');
    const renumbered = new Int32Array(states);
    order.forEach((st, k) => (renumbered[st] = k));
    this.columns = columns;
    this.reportFrom = quiet * columns;
    // 16-bit entries while the rows fit (half the size stays in cache); 32-bit beyond.
    this.step = states * columns <= 65536 ? new Uint16Array(states * columns) : new Uint32Array(states * columns);
    for (let k = 0; k < states; k++) {
      for (let col = 0; col < columns; col++) this.step[k * columns + col] = renumbered[options.delta[order[k] * 128 + representative[col]]] * columns;
    }
    this.outStart = new Int32Array(states + 1);
    let total = 0;
    order.forEach((st, k) => {
      this.outStart[k] = total;
      total += options.outputs[st].length;
    });
    this.outStart[states] = total;
    this.outList = new Int32Array(total);
    order.forEach((st, k) => this.outList.set(options.outputs[st], this.outStart[k]));
    this.keywordLength = Int32Array.from(options.keywords, (k) => k.length);
    this.positional = Uint8Array.from(options.keywords, (k) => (options.positional?.has(k) ? 1 : 0));
    this.seen = new Int32Array(options.keywords.length);
    this.seenList = new Int32Array(options.keywords.length);
    if (Number.isNaN(options.minRun)) throw new RangeError('TextPass minRun must be a number, got NaN');
    // Runs are never empty: a shortest run of 0 is one of 1 (and lengths are whole: 2.5 is 3).
    this.minRun = Math.max(1, Math.ceil(options.minRun));
  }

  /** Walks `text` once (see the class comment). */
  run(text: string): void {
    // `seen` holds 32-bit epochs: before one would overflow (2^31 walks, weeks of a busy gateway), they start again.
    if (++this.epoch === 0x7fffffff) (this.epoch = 1), this.seen.fill(0);
    this.seenCount = 0;
    this.sizes.fill(0);
    this.hitCount = 0;
    const n = text.length;
    const codes = this.codesOf(text);
    const minRun = this.minRun;
    // A recorded run and the character after it take more than minRun characters: room for all of them,
    // made here so that the loop calls nothing (a call in it makes V8 check and reload every typed array
    // the loop reads, on every character).
    const runRoom = Math.floor(n / (minRun + 1)) + 1;
    if (this.runStart.length < runRoom) {
      const size = Math.max(runRoom, 2 * this.runStart.length);
      this.runStart = new Int32Array(size);
      this.runEnd = new Int32Array(size);
      this.runMask = new Int32Array(size);
    }
    const { step, unit, reportFrom, gated, firstClass, lengthClass, lengthCap, nextClass, nextClasses, logStart, logKey, logEnd, reportRow, reportAt, runStart, runEnd } = this;
    const runMasks = this.runMask;
    // The log of tokens that pass a gate and the rows that report keywords fill what room they have; what
    // does not fit is taken after the loop (logTail, reportTail), which then leaves more room for next time.
    const logRoom = logStart.length;
    const reportRoom = reportRow.length;
    let listed = 0;
    let unlisted = -1; // where the first token that found the log full starts
    let reported = 0;
    let runs = 0;
    let percent = false;
    let nonAscii = false; // a code unit of 128 or more, or an ASCII control character other than tab and line ends
    // The automaton's row: state × columns, as the table stores it; rows from `reportFrom` on report keywords.
    let row = 0;
    // The current run of base64 characters is what follows the last character outside their alphabet.
    let lastBreak = -1;
    let runMask = 0;
    let i = 0;
    // Literals below: the unit table's fields (ALNUM 7, TOKEN_CLASSES 15, PUNCT 16, PERCENT 32, ODD 64,
    // COLUMN_SHIFT 7) and MASKS 16. Module constants are read from the module's context, with a check, each time.
    while (i < n) {
      let c = codes[i];
      let e = unit[c];
      row = step[row + (e >> 7)];
      if (row >= reportFrom) {
        if (reported < reportRoom) (reportRow[reported] = row), (reportAt[reported] = i);
        reported++;
      }
      if ((e & 7) !== 0) {
        // A token: its characters step the automaton and add their classes; the 0 after the text ends it.
        const s = i;
        const first = firstClass[c];
        let m = e;
        // Four characters per turn, the same step written four times: V8 checks for interrupts at every turn
        // of a loop, and one character per turn measured about 15 % slower over the whole walk.
        for (;;) {
          e = unit[codes[++i]];
          if ((e & 7) === 0) break;
          row = step[row + (e >> 7)];
          if (row >= reportFrom) {
            if (reported < reportRoom) (reportRow[reported] = row), (reportAt[reported] = i);
            reported++;
          }
          m |= e;
          e = unit[codes[++i]];
          if ((e & 7) === 0) break;
          row = step[row + (e >> 7)];
          if (row >= reportFrom) {
            if (reported < reportRoom) (reportRow[reported] = row), (reportAt[reported] = i);
            reported++;
          }
          m |= e;
          e = unit[codes[++i]];
          if ((e & 7) === 0) break;
          row = step[row + (e >> 7)];
          if (row >= reportFrom) {
            if (reported < reportRoom) (reportRow[reported] = row), (reportAt[reported] = i);
            reported++;
          }
          m |= e;
          e = unit[codes[++i]];
          if ((e & 7) === 0) break;
          row = step[row + (e >> 7)];
          if (row >= reportFrom) {
            if (reported < reportRoom) (reportRow[reported] = row), (reportAt[reported] = i);
            reported++;
          }
          m |= e;
        }
        m &= 15;
        c = codes[i];
        const len = i - s;
        const key = ((first + lengthClass[len < lengthCap ? len : lengthCap]) * 16 + m) * nextClasses + nextClass[c < 128 && i < n ? c : 128];
        // Logged without a branch (about half the tokens pass a gate, unpredictably), recorded after the walk.
        if (listed < logRoom) {
          logStart[listed] = s;
          logEnd[listed] = i;
          logKey[listed] = key;
          listed += gated[key];
        } else if (unlisted < 0) unlisted = s;
        runMask |= m;
        if (i === n) break;
        // The character that ended the token, stepped here (it may end a keyword too).
        row = step[row + (e >> 7)];
        if (row >= reportFrom) {
          if (reported < reportRoom) (reportRow[reported] = row), (reportAt[reported] = i);
          reported++;
        }
      }
      if ((e & 16) !== 0) runMask |= 16;
      else {
        if (i - lastBreak > minRun) (runStart[runs] = lastBreak + 1), (runEnd[runs] = i), (runMasks[runs++] = runMask);
        lastBreak = i;
        runMask = 0;
        if ((e & 96) !== 0) {
          if ((e & 32) !== 0) percent = true;
          else nonAscii = true;
        }
      }
      i++;
    }
    if (n - lastBreak > minRun) (runStart[runs] = lastBreak + 1), (runEnd[runs] = n), (runMasks[runs++] = runMask);
    this.runCount = runs;
    this.percent = percent;
    this.nonAscii = nonAscii;
    if (unlisted >= 0) listed = this.logTail(codes, n, unlisted, listed);
    this.record(codes, n, listed);
    if (reported > reportRoom) this.reportTail(codes, n, reported);
    for (let r = 0; r < reported; r++) this.report(this.reportRow[r], this.reportAt[r]);
  }

  /** Logs the tokens from `from` (a token's start) on, as the walk does, growing the log; returns the new count. */
  private logTail(codes: Uint16Array, n: number, from: number, listed: number): number {
    const { unit, gated, firstClass, lengthClass, lengthCap, nextClass, nextClasses } = this;
    for (let i = from; i < n; i++) {
      if ((unit[codes[i]] & ALNUM) === 0) continue;
      const s = i;
      let m = 0;
      while ((unit[codes[i]] & ALNUM) !== 0) m |= unit[codes[i++]];
      m &= ALNUM | NON_HEX;
      const c = codes[i];
      const len = i - s;
      const key = ((firstClass[codes[s]] + lengthClass[len < lengthCap ? len : lengthCap]) * MASKS + m) * nextClasses + nextClass[c < 128 && i < n ? c : 128];
      if (gated[key] === 0) continue;
      if (listed === this.logStart.length) (this.logStart = grown(this.logStart)), (this.logKey = grown(this.logKey)), (this.logEnd = grown(this.logEnd));
      this.logStart[listed] = s;
      this.logEnd[listed] = i;
      this.logKey[listed++] = key;
    }
    return listed;
  }

  /** Makes room for `reported` rows and steps the automaton on from the last row the walk had room for, to record the rest. */
  private reportTail(codes: Uint16Array, n: number, reported: number): void {
    const { step, unit, reportFrom } = this;
    let k = this.reportRow.length;
    const size = Math.max(reported, 2 * k);
    const rows = new Int32Array(size);
    const at = new Int32Array(size);
    rows.set(this.reportRow);
    at.set(this.reportAt);
    this.reportRow = rows;
    this.reportAt = at;
    let row = rows[k - 1];
    for (let i = at[k - 1] + 1; i < n; i++) {
      row = step[row + (unit[codes[i]] >> COLUMN_SHIFT)];
      if (row >= reportFrom) (rows[k] = row), (at[k++] = i);
    }
  }

  /** Records the logged tokens' starts for the gates their keys list. */
  private record(codes: Uint16Array, n: number, listed: number): void {
    const { logStart, logKey, logEnd, gateOffset, gateList, leadSet, notAfterSet, chainThan, chainWithin, chainSet, base, capacity, sizes } = this;
    let store = this.store;
    for (let k = 0; k < listed; k++) {
      const s = logStart[k];
      const e = logEnd[k];
      const key = logKey[k];
      // The character before the token (128, in no set, at the start of the text or outside ASCII).
      const prior = s > 0 && codes[s - 1] < 128 ? codes[s - 1] : 128;
      for (let p = gateOffset[key], hi = gateOffset[key + 1]; p < hi; p++) {
        const entry = gateList[p]; // gate × 16, + LEAD, AT_END, NOT_AFTER, CHAIN as the gate has them
        const g = entry >> 4;
        let at = s;
        if ((entry & 15) !== 0) {
          if ((entry & LEAD) !== 0 && prior < 128 && leadSet[g * 128 + prior] === 1) at = s - 1;
          if ((entry & NOT_AFTER) !== 0 && at > 0) {
            const before = at === s ? prior : codes[at - 1];
            if (before < 128 && notAfterSet[g * 128 + before] === 1) continue;
          }
          if ((entry & CHAIN) !== 0 && at === s && e - s <= chainThan[g]) {
            // The separators after the token, then a digit (the 0 after the text is neither).
            let t = e;
            while (t < e + chainWithin[g] && t < n && codes[t] < 128 && chainSet[g * 128 + codes[t]] === 1) t++;
            if (t === e || t === n || codes[t] < 48 || codes[t] > 57) continue;
          }
          if ((entry & AT_END) !== 0) at = e;
        }
        const size = sizes[g];
        if (size === capacity[g]) store = this.regrow(g);
        store[base[g] + size] = at;
        sizes[g] = size + 1;
      }
    }
  }

  /**
   * Doubles gate `g`'s region of the store: moves it to the store's free end, first moving every region
   * into a store twice as large when the free end is too small. Each region's data is copied once per
   * doubling of its own, and the store's once per doubling of the store: linear in what is recorded.
   */
  private regrow(g: number): Int32Array {
    const { base, capacity, sizes } = this;
    const wanted = capacity[g] * 2;
    const store = this.store;
    if (this.storeEnd + wanted <= store.length) {
      store.copyWithin(this.storeEnd, base[g], base[g] + sizes[g]);
      base[g] = this.storeEnd;
      capacity[g] = wanted;
      this.storeEnd += wanted;
      return store;
    }
    let total = wanted;
    for (let h = 0; h < base.length; h++) if (h !== g) total += capacity[h];
    const next = new Int32Array(2 * total);
    let end = 0;
    for (let h = 0; h < base.length; h++) {
      if (h === g) continue;
      next.set(store.subarray(base[h], base[h] + sizes[h]), end);
      base[h] = end;
      end += capacity[h];
    }
    next.set(store.subarray(base[g], base[g] + sizes[g]), end);
    base[g] = end;
    capacity[g] = wanted;
    this.store = next;
    this.storeEnd = end + wanted;
    return next;
  }

  /** `text`'s UTF-16 code units and UNITS_PADDING zeros after them, in the pass's own buffer. */
  private codesOf(text: string): Uint16Array {
    const n = text.length;
    let codes = this.codes;
    // Kept, as the pass's other buffers are: a fresh 2 MB array per 1 MB text cost more than the walk of a long token.
    if (codes.length < n + UNITS_PADDING) {
      this.codes = codes = new Uint16Array(Math.max(n + UNITS_PADDING, codes.length * 2));
      this.codeBytes = Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength);
    }
    // Through a Buffer over the same memory, made once per buffer (not per text).
    if (LITTLE_ENDIAN) this.codeBytes.write(text, 0, 2 * n, 'utf16le');
    else for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
    codes.fill(0, n, n + UNITS_PADDING);
    return codes;
  }

  private report(row: number, i: number): void {
    const { outList, seen, epoch } = this;
    const state = row / this.columns;
    for (let p = this.outStart[state]; p < this.outStart[state + 1]; p++) {
      const k = outList[p];
      if (seen[k] !== epoch) (seen[k] = epoch), (this.seenList[this.seenCount++] = k);
      if (this.positional[k] === 1) {
        if (this.hitCount === this.hitStart.length) (this.hitStart = grown(this.hitStart)), (this.hitKeyword = grown(this.hitKeyword));
        this.hitKeyword[this.hitCount] = k;
        this.hitStart[this.hitCount++] = i - this.keywordLength[k] + 1;
      }
    }
  }

  /** The last text's code units, then UNITS_PADDING zeros: valid until the next walk. */
  get units(): Uint16Array {
    return this.codes;
  }

  /** How many offsets gate `g` passed. */
  startCount(g: number): number {
    return this.sizes[g];
  }

  /** The offsets gate `g` passed, in text order. */
  starts(g: number): Int32Array {
    return this.store.subarray(this.base[g], this.base[g] + this.sizes[g]);
  }

  /** Whether keyword `k` (its index in the automaton) occurs. */
  present(k: number): boolean {
    return this.seen[k] === this.epoch;
  }

  private keywordBuffer: Int32Array = new Int32Array(64);

  /**
   * The start offsets of the recorded keywords in `wanted` (a flag per keyword index), ascending,
   * without repeats. The array is the pass's own buffer: valid until the next call.
   */
  keywordStarts(wanted: Uint8Array): Int32Array {
    let out = this.keywordBuffer;
    let size = 0;
    let sorted = true;
    for (let h = 0; h < this.hitCount; h++) {
      if (wanted[this.hitKeyword[h]] !== 1) continue;
      const s = this.hitStart[h];
      if (size > 0 && s <= out[size - 1]) {
        if (s === out[size - 1]) continue;
        sorted = false;
      }
      if (size === out.length) this.keywordBuffer = out = grown(out);
      out[size++] = s;
    }
    const starts = out.subarray(0, size);
    if (sorted) return starts;
    starts.sort();
    let kept = 0;
    for (let i = 0; i < size; i++) if (i === 0 || starts[i] !== starts[i - 1]) starts[kept++] = starts[i];
    return starts.subarray(0, kept);
  }
}
