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
  /** Classes a token longer than `than` characters must also hold. */
  readonly longerHas?: { readonly than: number; readonly has: number };
  /** Characters one of which must follow the token. */
  readonly next?: string;
  /** Characters that, right before the token, are where the value starts instead (`+` of a phone number). */
  readonly lead?: string;
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
  };
  gates.forEach((g, index) => {
    c.max[index] = g.maxLength ?? Number.MAX_SAFE_INTEGER;
    c.longThan[index] = g.longerHas?.than ?? Number.MAX_SAFE_INTEGER;
    c.longHas[index] = g.longerHas?.has ?? 0;
    const next = charSet(g.next);
    if (next) (c.hasNext[index] = 1), c.nextSet.set(next, index * 128);
    const lead = charSet(g.lead);
    if (lead) (c.hasLead[index] = 1), c.leadSet.set(lead, index * 128);
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
  private readonly lacks: Int32Array;
  private readonly max: Float64Array;
  private readonly longThan: Float64Array;
  private readonly longHas: Int32Array;
  private readonly hasNext: Uint8Array;
  private readonly nextSet: Uint8Array;
  private readonly hasLead: Uint8Array;
  private readonly leadSet: Uint8Array;
  private readonly count: number;

  constructor(gates: readonly TokenGate[]) {
    const G = (this.count = gates.length);
    this.has = new Int32Array(G);
    this.lacks = new Int32Array(G);
    ({ max: this.max, longThan: this.longThan, longHas: this.longHas, hasNext: this.hasNext, nextSet: this.nextSet, hasLead: this.hasLead, leadSet: this.leadSet } = gateChecks(gates));
    const lists: number[][] = Array.from({ length: 128 * LENGTHS }, () => []);
    gates.forEach((g, index) => {
      this.has[index] = g.has ?? 0;
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
    const { offset, list, has, lacks, max, longThan, longHas, hasNext, nextSet, hasLead, leadSet } = this;
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
        if (len > longThan[g] && (m & longHas[g]) !== longHas[g]) continue;
        if (hasNext[g] === 1) {
          const c = text.charCodeAt(s + len); // NaN past the end: in no set
          if (!(c < 128) || nextSet[g * 128 + c] === 0) continue;
        }
        let buffer = buffers[g];
        if (sizes[g] === buffer.length) {
          const grown = new Int32Array(buffer.length * 2);
          grown.set(buffer);
          buffers[g] = buffer = grown;
        }
        let at = s;
        if (hasLead[g] === 1 && s > 0) {
          const c = text.charCodeAt(s - 1);
          if (c < 128 && leadSet[g * 128 + c] === 1) at = s - 1;
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
 * (keyed by first character, length and classes, so the gates listed there already hold but for
 * the character after or before the token) and records the token's start for each gate that
 * passes. Results stay valid until the next `run`; the buffers are reused.
 *
 * Gate results are the same as GateDispatch.starts over tokenize (test/dlp/tokens.test.ts).
 */
export class TextPass {
  private readonly offset: Int32Array;
  private readonly list: Int32Array;
  /** Per (first character, length bucket), a bit per class mask that lists any gate: a 16 KB table that answers most tokens. */
  private readonly maskBits: Uint16Array;
  private readonly max: Float64Array;
  private readonly longThan: Float64Array;
  private readonly longHas: Int32Array;
  private readonly hasNext: Uint8Array;
  private readonly nextSet: Uint8Array;
  private readonly hasLead: Uint8Array;
  private readonly leadSet: Uint8Array;
  private readonly buffers: Int32Array[];
  private readonly sizes: Int32Array;

  private readonly delta: Uint16Array;
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  private readonly keywordLength: Int32Array;
  private readonly positional: Uint8Array;
  private readonly seen: Int32Array;
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
    ({ max: this.max, longThan: this.longThan, longHas: this.longHas, hasNext: this.hasNext, nextSet: this.nextSet, hasLead: this.hasLead, leadSet: this.leadSet } = gateChecks(gates));
    this.buffers = gates.map(() => new Int32Array(64));
    this.sizes = new Int32Array(G);
    const keys = 62 * LENGTHS * MASKS;
    const counts = new Int32Array(keys + 1);
    // Which (key, gate) pairs hold: first character, length, and classes all decided here. Gate by gate,
    // so each key lists its gates in order; per (first character, classes) the lengths that hold are one
    // range, plus the bucket of longer tokens (where neither maxLength nor longerHas is decided).
    const firsts = gates.map((g) => charSet(g.first));
    const each = (visit: (key: number, g: number) => void) => {
      for (let g = 0; g < G; g++) {
        const gate = gates[g];
        const first = firsts[g];
        const min = Math.max(1, gate.minLength ?? 1);
        const has = gate.has ?? 0;
        const lacks = gate.lacks ?? 0;
        for (let c = 0; c < 128; c++) {
          if (FIRST[c] < 0 || (first && first[c] === 0)) continue;
          for (let m = 1; m < MASKS; m++) {
            if ((m & CLASS[c]) === 0 || (m & has) !== has || (m & lacks) !== 0) continue;
            let hi = Math.min(LENGTHS - 2, gate.maxLength ?? Infinity);
            if (gate.longerHas && (m & gate.longerHas.has) !== gate.longerHas.has) hi = Math.min(hi, gate.longerHas.than);
            const base = FIRST[c] * LENGTHS * MASKS + m;
            for (let len = min; len <= hi; len++) visit(base + len * MASKS, g);
            if (min <= LENGTHS - 1) visit(base + (LENGTHS - 1) * MASKS, g);
          }
        }
      }
    };
    each((key) => counts[key + 1]++);
    for (let k = 0; k < keys; k++) counts[k + 1] += counts[k];
    this.offset = counts;
    this.list = new Int32Array(counts[keys]);
    this.maskBits = new Uint16Array(62 * LENGTHS);
    for (let k = 0; k < keys; k++) if (counts[k + 1] > counts[k]) this.maskBits[(k / MASKS) | 0] |= 1 << k % MASKS;
    const fill = counts.slice();
    each((key, g) => (this.list[fill[key]++] = g));

    // Case folded into the table: an upper-case letter steps as its lower-case letter does.
    // 16-bit entries: a table half the size stays in cache (measured twice as fast as 32-bit).
    // The top bit of an entry marks a target state that reports keywords: no second table read per character.
    if (options.outputs.length > 0x7fff) throw new RangeError(`keyword automaton of ${options.outputs.length} states exceeds 32767`);
    this.delta = new Uint16Array(options.delta.length);
    for (let st = 0; st < options.outputs.length; st++) {
      for (let c = 0; c < 128; c++) {
        const target = options.delta[st * 128 + (c >= 65 && c <= 90 ? c + 32 : c)];
        this.delta[st * 128 + c] = target | (options.outputs[target].length > 0 ? 0x8000 : 0);
      }
    }
    const states = options.outputs.length;
    this.outStart = new Int32Array(states + 1);
    let total = 0;
    options.outputs.forEach((o, s) => {
      this.outStart[s] = total;
      total += o.length;
    });
    this.outStart[states] = total;
    this.outList = new Int32Array(total);
    options.outputs.forEach((o, s) => this.outList.set(o, this.outStart[s]));
    this.keywordLength = Int32Array.from(options.keywords, (k) => k.length);
    this.positional = Uint8Array.from(options.keywords, (k) => (options.positional?.has(k) ? 1 : 0));
    this.seen = new Int32Array(options.keywords.length);
    this.minRun = options.minRun;
  }

  /** Walks `text` once (see the class comment). */
  run(text: string): void {
    this.epoch++;
    this.sizes.fill(0);
    this.hitCount = 0;
    this.runCount = 0;
    let percent = false;
    let control = false; // an ASCII control character other than tab and line ends: normalization drops it
    const { delta, minRun, maskBits } = this;
    const n = text.length;
    let row = 0; // the automaton's state × 128
    let tokStart = -1;
    let tokMask = 0;
    let tokFirst = 0;
    // The current run of base64 characters: extended token by token, ended by a character
    // outside the alphabet (so letters and digits cost nothing beyond the token's own work).
    let runStart = -1;
    let runMask = 0;
    let high = 0; // every code unit OR-ed: 128 or more when one is not ASCII
    for (let i = 0; i <= n; i++) {
      const c = i < n ? text.charCodeAt(i) : 0;
      high |= c;
      const a = c < 128 ? c : 0;
      // The automaton's table folds case itself (upper-case columns repeat the lower-case ones).
      const entry = delta[row + a];
      row = (entry & 0x7fff) << 7;
      if (entry >= 0x8000) this.report(entry & 0x7fff, i);
      const cl = PASS_CLASS[a];
      if ((cl & ALNUM) !== 0) {
        if (tokStart < 0) {
          tokStart = i;
          tokMask = 0;
          tokFirst = FIRST[a];
          if (runStart < 0) (runStart = i), (runMask = 0);
        }
        tokMask |= cl;
        continue;
      }
      if (tokStart >= 0) {
        const len = i - tokStart;
        if ((maskBits[tokFirst * LENGTHS + (len < LENGTHS ? len : LENGTHS - 1)] & (1 << tokMask)) !== 0) this.token(text, tokStart, len, tokMask);
        runMask |= tokMask;
        tokStart = -1;
      }
      if (cl !== 0) {
        if (runStart < 0) (runStart = i), (runMask = 0);
        runMask |= cl;
      } else {
        if (runStart >= 0) {
          if (i - runStart >= minRun) this.pushRun(runStart, i, runMask);
          runStart = -1;
        }
        if (c === 37) percent = true;
        else if (c < 32 ? c !== 9 && c !== 10 && c !== 13 && i < n : c === 127) control = true;
      }
    }
    this.percent = percent;
    this.nonAscii = high >= 128 || control;
  }

  private report(state: number, i: number): void {
    const { outList, seen, epoch } = this;
    for (let p = this.outStart[state]; p < this.outStart[state + 1]; p++) {
      const k = outList[p];
      seen[k] = epoch;
      if (this.positional[k] === 1) {
        if (this.hitCount === this.hitStart.length) (this.hitStart = grown(this.hitStart)), (this.hitKeyword = grown(this.hitKeyword));
        this.hitKeyword[this.hitCount] = k;
        this.hitStart[this.hitCount++] = i - this.keywordLength[k] + 1;
      }
    }
  }

  private pushRun(start: number, end: number, mask: number): void {
    if (this.runCount === this.runStart.length) {
      this.runStart = grown(this.runStart);
      this.runEnd = grown(this.runEnd);
      this.runMask = grown(this.runMask);
    }
    this.runStart[this.runCount] = start;
    this.runEnd[this.runCount] = end;
    this.runMask[this.runCount++] = mask;
  }

  private token(text: string, s: number, len: number, mask: number): void {
    const key = (FIRST[text.charCodeAt(s)] * LENGTHS + (len < LENGTHS ? len : LENGTHS - 1)) * MASKS + mask;
    const lo = this.offset[key];
    const hi = this.offset[key + 1];
    if (lo === hi) return;
    const { list, max, longThan, longHas, hasNext, nextSet, hasLead, leadSet, buffers, sizes } = this;
    for (let p = lo; p < hi; p++) {
      const g = list[p];
      if (len > max[g] || (len > longThan[g] && (mask & longHas[g]) !== longHas[g])) continue;
      if (hasNext[g] === 1) {
        const c = text.charCodeAt(s + len); // NaN past the end: in no set
        if (!(c < 128) || nextSet[g * 128 + c] === 0) continue;
      }
      let at = s;
      if (hasLead[g] === 1 && s > 0) {
        const c = text.charCodeAt(s - 1);
        if (c < 128 && leadSet[g * 128 + c] === 1) at = s - 1;
      }
      if (sizes[g] === buffers[g].length) buffers[g] = grown(buffers[g]);
      buffers[g][sizes[g]++] = at;
    }
  }

  /** The offsets gate `g` passed, in text order. */
  starts(g: number): Int32Array {
    return this.buffers[g].subarray(0, this.sizes[g]);
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
