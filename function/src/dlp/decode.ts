/**
 * Encoded segments that can hide data: base64 (standard and URL-safe), hex and percent-encoding.
 * The engine decodes each segment that decodes to text and scans the result, as gitleaks'
 * decoder does (https://github.com/gitleaks/gitleaks/blob/master/detect/codec/decoder.go):
 * bounded depth, bounded segment size, and a finding inside reports the encoded segment's span
 * and names the encodings it sat in.
 *
 * One linear pass over the text finds the segments (a run of the base64 alphabet, a run of hex
 * digits, a run of URL characters holding `%XX` escapes); Buffer and decodeURIComponent decode.
 */

import { B64_PUNCT, DIGIT, LOWER, NON_HEX, UPPER } from './tokens';

export type Encoding = 'base64' | 'hex' | 'percent';

export interface EncodedSegment {
  readonly start: number;
  readonly end: number;
  readonly encoding: Encoding;
  readonly decoded: string;
}

/** Shortest segment worth decoding: 16 base64 characters are 12 bytes, shorter than any secret rule. */
export const MIN_BASE64 = 16;
export const MIN_HEX = 32;
/** Longest segment decoded; longer runs (attachments, images) are scanned as they are, not decoded. */
export const MAX_SEGMENT = 256 * 1024;

const HEXC = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') HEXC[c.charCodeAt(0)] = 1;
/** Characters of a URL or form value that may surround `%XX` escapes. */
const URLC = new Uint8Array(128);
for (let c = 33; c < 127; c++) URLC[c] = 1;
for (const c of `"'<>\`(){}[]\\,;`) URLC[c.charCodeAt(0)] = 0;

/** Decoded bytes read as text: valid UTF-8, and nearly all printable (no binary, no NUL). */
function asText(bytes: Buffer): string | null {
  if (bytes.length === 0) return null;
  let printable = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) return null;
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d || b >= 0x80) printable++;
  }
  if (printable / bytes.length < 0.95) return null;
  const text = bytes.toString('utf8');
  return text.includes('\ufffd') ? null : text;
}

function decodeBase64(s: string): string | null {
  const body = s.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  // Every case mixes letter case or digits: a long run of one case is a word or an identifier.
  if (!/[A-Z]/.test(body) || !/[a-z0-9]/.test(body)) return null;
  return asText(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

function decodeHex(s: string): string | null {
  if (s.length % 2 === 1) return null;
  return asText(Buffer.from(s, 'hex'));
}

function decodePercent(s: string): string | null {
  try {
    const out = decodeURIComponent(s.replace(/\+/g, ' '));
    return out === s ? null : out;
  } catch {
    return null;
  }
}

const isIn = (table: Uint8Array, c: number) => c < 128 && table[c] === 1;

/** Maximal runs of base64 characters (hex is a subset), with the token classes each holds (tokens.ts). */
export interface Base64Runs {
  readonly runCount: number;
  readonly runStart: Int32Array;
  readonly runEnd: Int32Array;
  readonly runMask: Int32Array;
  /** Whether the text holds a `%`. */
  readonly percent: boolean;
}

/** Runs shorter than this cannot reach MIN_BASE64 even with two `=` of padding. */
export const MIN_RUN = MIN_BASE64 - 2;

const RUN_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) RUN_CLASS[c] = DIGIT;
for (let c = 97; c <= 122; c++) RUN_CLASS[c] = LOWER | (c > 102 ? NON_HEX : 0);
for (let c = 65; c <= 90; c++) RUN_CLASS[c] = UPPER | (c > 70 ? NON_HEX : 0);
for (const ch of '+/-_') RUN_CLASS[ch.charCodeAt(0)] = B64_PUNCT;

/** The runs of `text` on their own (the engine has them from its one pass, tokens.ts' TextPass). */
export function base64Runs(text: string): Base64Runs {
  const starts: number[] = [];
  const ends: number[] = [];
  const masks: number[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (!(c < 128) || RUN_CLASS[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    let mask = 0;
    for (let d = c; i < n && d < 128 && RUN_CLASS[d] !== 0; d = text.charCodeAt(++i)) mask |= RUN_CLASS[d];
    if (i - start >= MIN_RUN) (starts.push(start), ends.push(i), masks.push(mask));
  }
  return { runCount: starts.length, runStart: Int32Array.from(starts), runEnd: Int32Array.from(ends), runMask: Int32Array.from(masks), percent: text.includes('%') };
}

/**
 * The encoded segments of `text` that decode to text, except those `skip` refuses (before any
 * decoding). Linear: each character is visited a bounded number of times.
 */
export function encodedSegments(text: string, skip: (start: number, end: number) => boolean = () => false, runs: Base64Runs = base64Runs(text)): EncodedSegment[] {
  const out: EncodedSegment[] = [];
  const n = text.length;
  // Base64 and hex: maximal runs of the base64 alphabet (hex is a subset), plus trailing '='.
  for (let r = 0; r < runs.runCount; r++) {
    const start = runs.runStart[r];
    const mask = runs.runMask[r];
    let end = runs.runEnd[r];
    const runEnd = end;
    while (end < n && end - runEnd < 2 && text.charCodeAt(end) === 61) end++;
    const length = end - start;
    const hexOnly = (mask & (NON_HEX | B64_PUNCT)) === 0;
    // Base64 text mixes letter case or digits (decodeBase64); hex is decoded from 32 digits on.
    const maybeHex = hexOnly && length >= MIN_HEX;
    const maybeBase64 = (mask & UPPER) !== 0 && (mask & (LOWER | DIGIT)) !== 0;
    if ((!maybeHex && !maybeBase64) || length < MIN_BASE64 || length > MAX_SEGMENT || skip(start, end)) continue;
    const s = text.slice(start, end);
    if (maybeHex) {
      const decoded = decodeHex(s);
      if (decoded !== null) {
        out.push({ start, end, encoding: 'hex', decoded });
        continue;
      }
    }
    const decoded = maybeBase64 ? decodeBase64(s) : null;
    if (decoded !== null) out.push({ start, end, encoding: 'base64', decoded });
  }
  if (!runs.percent) return out;
  // Percent-encoding: a run of URL characters holding %XX escapes.
  for (let at = text.indexOf('%'); at !== -1 && at < n; ) {
    let start = at;
    while (start > 0 && at - start < MAX_SEGMENT && isIn(URLC, text.charCodeAt(start - 1))) start--;
    let end = at;
    let escapes = 0;
    while (end < n && end - start < MAX_SEGMENT && isIn(URLC, text.charCodeAt(end))) {
      if (text.charCodeAt(end) === 37 && isIn(HEXC, text.charCodeAt(end + 1)) && isIn(HEXC, text.charCodeAt(end + 2))) escapes++;
      end++;
    }
    if (escapes >= 1 && !skip(start, end)) {
      const decoded = decodePercent(text.slice(start, end));
      if (decoded !== null) out.push({ start, end, encoding: 'percent', decoded });
    }
    at = text.indexOf('%', Math.max(end, at + 1));
  }
  return out;
}
