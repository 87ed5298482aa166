/**
 * Aho–Corasick automaton over lower-case keywords: one pass over the text reports which
 * keywords occur, however many there are (gitleaks prefilters its rules the same way).
 * Hand-written because the npm implementations are unmaintained and this needs only
 * "which of these literals occur", over ASCII, in about forty lines.
 */
const ALPHABET = 128;

export class KeywordIndex {
  private readonly delta: Int32Array;
  private readonly outputs: number[][];
  readonly keywords: readonly string[];

  constructor(keywords: Iterable<string>) {
    this.keywords = [...new Set(keywords)].filter((k) => k.length > 0);
    for (const k of this.keywords) {
      if (/[^\x00-\x7f]/.test(k)) throw new Error(`keyword "${k}" is not ASCII`);
    }
    // Trie.
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    this.keywords.forEach((k, index) => {
      let s = 0;
      for (const ch of k) {
        const c = ch.charCodeAt(0);
        let next = goto[s].get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s].set(c, next);
        }
        s = next;
      }
      out[s].push(index);
    });
    // Failure links, breadth first, folded into a full transition table.
    const delta = new Int32Array(goto.length * ALPHABET);
    const fail = new Int32Array(goto.length);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const s = goto[0].get(c);
      delta[c] = s ?? 0;
      if (s !== undefined) queue.push(s);
    }
    for (let q = 0; q < queue.length; q++) {
      const r = queue[q];
      out[r] = [...out[r], ...out[fail[r]]];
      for (let c = 0; c < ALPHABET; c++) {
        const s = goto[r].get(c);
        if (s !== undefined) {
          fail[s] = delta[fail[r] * ALPHABET + c];
          delta[r * ALPHABET + c] = s;
          queue.push(s);
        } else {
          delta[r * ALPHABET + c] = delta[fail[r] * ALPHABET + c];
        }
      }
    }
    this.delta = delta;
    this.outputs = out;
  }

  tables(): KeywordTables {
    return { delta: this.delta, outputs: this.outputs };
  }

  /** The keywords that occur in `lower` (already lower-cased). */
  present(lower: string): Set<string> {
    const found = new Set<string>();
    const { delta, outputs } = this;
    let s = 0;
    for (let i = 0; i < lower.length; i++) {
      const c = lower.charCodeAt(i);
      s = delta[s * ALPHABET + (c < ALPHABET ? c : 0)];
      const o = outputs[s];
      if (o.length > 0) for (const k of o) found.add(this.keywords[k]);
    }
    return found;
  }
}

/** The automaton's tables, for a scan that runs it inside its own loop (tokens.ts' TextPass). */
export interface KeywordTables {
  /** Transition table: `delta[state * 128 + c]` for a lower-case ASCII code `c`. */
  readonly delta: Int32Array;
  /** Per state, the keyword indices it reports (suffix links folded in). */
  readonly outputs: readonly (readonly number[])[];
}

export function keywordTables(index: KeywordIndex): KeywordTables {
  return index.tables();
}
