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
const NONE: readonly number[] = [];

/**
 * Many gates in one pass over the tokens: a table keyed by (first character, length) lists the
 * gates a token can pass, so most tokens (prose words) cost one lookup of an empty list.
 */
export class GateDispatch {
  private readonly table: (readonly number[])[];
  private readonly gates: { next: Uint8Array | null; lead: Uint8Array | null; has: number; lacks: number; max: number }[];

  constructor(gates: readonly TokenGate[]) {
    this.table = new Array(128 * LENGTHS).fill(NONE);
    this.gates = gates.map((g) => ({ next: charSet(g.next), lead: charSet(g.lead), has: g.has ?? 0, lacks: g.lacks ?? 0, max: g.maxLength ?? Number.MAX_SAFE_INTEGER }));
    gates.forEach((g, index) => {
      const first = charSet(g.first);
      const min = g.minLength ?? 1;
      const max = Math.min(g.maxLength ?? LENGTHS, LENGTHS - 1);
      for (let c = 0; c < 128; c++) {
        if ((first && first[c] === 0) || CLASS[c] === 0) continue;
        for (let len = min; len <= max; len++) {
          const key = c * LENGTHS + len;
          this.table[key] = [...this.table[key], index];
        }
      }
    });
  }

  /** For each gate, the offsets to try its pattern at, in text order. */
  starts(text: string, tokens: Tokens): Int32Array[] {
    // Typed buffers grown by doubling: a JS array push per token costs several times more.
    const buffers = this.gates.map(() => new Int32Array(16));
    const sizes = new Int32Array(this.gates.length);
    const { start, length, mask, count } = tokens;
    const inSet = (set: Uint8Array, c: number) => c < 128 && set[c] === 1;
    for (let k = 0; k < count; k++) {
      const s = start[k];
      const len = length[k];
      const list = this.table[text.charCodeAt(s) * LENGTHS + (len < LENGTHS ? len : LENGTHS - 1)];
      if (list.length === 0) continue;
      const m = mask[k];
      for (const index of list) {
        const g = this.gates[index];
        if ((m & g.has) !== g.has || (m & g.lacks) !== 0 || len > g.max) continue;
        if (g.next && !inSet(g.next, text.charCodeAt(s + len))) continue;
        let buffer = buffers[index];
        if (sizes[index] === buffer.length) {
          const grown = new Int32Array(buffer.length * 2);
          grown.set(buffer);
          buffers[index] = buffer = grown;
        }
        buffer[sizes[index]++] = g.lead && s > 0 && inSet(g.lead, text.charCodeAt(s - 1)) ? s - 1 : s;
      }
    }
    return buffers.map((b, i) => b.subarray(0, sizes[i]));
  }
}

/** One gate on its own: `starts(text, tokens)` yields the offsets to try the pattern at, in order. */
export function compileGate(gate: TokenGate) {
  const dispatch = new GateDispatch([gate]);
  return (text: string, tokens: Tokens): Int32Array => dispatch.starts(text, tokens)[0];
}
