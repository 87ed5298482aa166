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
    this.max = new Float64Array(G);
    this.longThan = new Float64Array(G);
    this.longHas = new Int32Array(G);
    this.hasNext = new Uint8Array(G);
    this.nextSet = new Uint8Array(G * 128);
    this.hasLead = new Uint8Array(G);
    this.leadSet = new Uint8Array(G * 128);
    const lists: number[][] = Array.from({ length: 128 * LENGTHS }, () => []);
    gates.forEach((g, index) => {
      this.has[index] = g.has ?? 0;
      this.lacks[index] = g.lacks ?? 0;
      this.max[index] = g.maxLength ?? Number.MAX_SAFE_INTEGER;
      this.longThan[index] = g.longerHas?.than ?? Number.MAX_SAFE_INTEGER;
      this.longHas[index] = g.longerHas?.has ?? 0;
      const next = charSet(g.next);
      if (next) (this.hasNext[index] = 1), this.nextSet.set(next, index * 128);
      const lead = charSet(g.lead);
      if (lead) (this.hasLead[index] = 1), this.leadSet.set(lead, index * 128);
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
  const dispatch = new GateDispatch([gate]);
  return (text: string, tokens: Tokens): Int32Array => dispatch.starts(text, tokens)[0];
}
