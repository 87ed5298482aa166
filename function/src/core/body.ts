import { isUtf8 } from 'node:buffer';
import { badRequest, GatewayError } from './errors';

/** Deeper than any real schema; JSON.stringify (token counting, the upstream call) overflows near a few thousand levels. */
export const MAX_JSON_DEPTH = 64;
/**
 * Objects and arrays in one body. JSON.parse spends ~0.3-0.6 µs on each (300,000 empty objects in
 * 0.9 MB cost 100-200 ms before anything else runs); real requests hold a few thousand at most.
 */
export const MAX_JSON_CONTAINERS = 50_000;

/** Objects with more keys than this are checked for a repeated key through a Set, smaller ones pairwise. */
const PAIRWISE_KEYS = 12;

/** Whether two keys of the raw text (offsets of their contents, no escapes in either) are the same. */
function sameKey(text: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

/** Whether one object's keys (entries from..to of the key stack) repeat one. */
function repeatsKey(text: string, starts: number[], ends: number[], from: number, to: number): boolean {
  if (to - from <= PAIRWISE_KEYS) {
    for (let i = from; i < to; i++) for (let j = i + 1; j < to; j++) if (sameKey(text, starts[i], ends[i], starts[j], ends[j])) return true;
    return false;
  }
  const seen = new Set<string>();
  for (let i = from; i < to; i++) {
    const key = text.slice(starts[i], ends[i]);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/**
 * One linear pass over the raw text, before JSON.parse: refuses a body with too many containers or
 * nested too deep. Strings are skipped (escapes included), so brackets inside text never count.
 * Hand-written because no JSON library bounds container counts before building them.
 *
 * Returns whether every object's keys are distinct as written (no key repeated, no key spelled with
 * an escape, which could repeat another once decoded, and no "__proto__", which zod's records drop
 * without reading it). JSON.parse keeps the last of repeated keys; a parser that keeps the first would
 * read a value the gateway never scanned, so only such a text may be forwarded as sent (see readJson).
 * The answer is meaningful only for text JSON.parse accepts.
 */
export function checkJsonShape(text: string): boolean {
  let containers = 0;
  let depth = 0;
  let distinctKeys = true;
  /** The next string is a key: the innermost container is an object and `{` or `,` came last. */
  let expectKey = false;
  // The keys of the open objects, innermost last: content offsets, and where each open object's keys begin.
  const keyStarts: number[] = [];
  const keyEnds: number[] = [];
  const firstKey: number[] = [];
  const isObject: boolean[] = [];
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // a string: skip to its closing quote
      const start = i + 1;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) {
          i++;
          escaped = true;
        } else if (d === 34) break;
      }
      if (expectKey) {
        expectKey = false;
        // "__proto__" is a key JSON.parse keeps and the allow-list's records silently drop (unread):
        // the validated body would lack what the bytes carry.
        if (escaped || (i - start === 9 && text.startsWith('__proto__', start))) distinctKeys = false;
        else if (distinctKeys) {
          keyStarts[keys] = start;
          keyEnds[keys] = i;
          keys++;
        }
      }
    } else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) throw badRequest('invalid_request', `the body is nested deeper than ${MAX_JSON_DEPTH} levels`);
      if (++containers > MAX_JSON_CONTAINERS) throw badRequest('invalid_request', `the body holds more than ${MAX_JSON_CONTAINERS} JSON objects and arrays`);
      isObject[depth] = c === 123;
      firstKey[depth] = keys;
      expectKey = c === 123;
    } else if (c === 125 || c === 93) {
      if (depth > 0 && isObject[depth]) {
        if (distinctKeys && repeatsKey(text, keyStarts, keyEnds, firstKey[depth], keys)) distinctKeys = false;
        keys = firstKey[depth];
      }
      depth--;
      expectKey = false;
    } else if (c === 44) {
      expectKey = depth > 0 && isObject[depth];
    }
  }
  return distinctKeys;
}

/** What readJson reads of a request: a web Request is one; adapters may hand over the bytes they already read. */
export interface BodySource {
  readonly headers: { get(name: string): string | null };
  readonly body?: ReadableStream<Uint8Array> | null;
  /** The body as the adapter read it (at most the limit plus one byte, so that a larger one is still answered 413). */
  readonly rawBody?: Uint8Array;
}

export interface JsonBody {
  readonly value: unknown;
  /**
   * The body's bytes when they say exactly what `value` holds to any JSON parser: valid UTF-8 and
   * no object key repeated (checkJsonShape). Otherwise undefined: only a re-serialization of
   * `value` may then be forwarded.
   */
  readonly verbatim?: Buffer;
}

/** Reads a JSON body of at most `limit` bytes: 413 past the limit, 400 when it is not JSON. */
export async function readJson(request: BodySource, limit: number): Promise<JsonBody> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const tooLarge = () => new GatewayError(413, 'request_too_large', `the request body exceeds ${limit} bytes`);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  let bytes: Buffer;
  if (request.rawBody) {
    if (request.rawBody.byteLength > limit) throw tooLarge();
    bytes = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.from(request.rawBody.buffer, request.rawBody.byteOffset, request.rawBody.byteLength);
  } else {
    if (!request.body) throw badRequest('invalid_request', 'the request has no body');
    const reader = request.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    bytes = Buffer.concat(chunks);
  }
  const text = bytes.toString('utf8');
  const distinctKeys = checkJsonShape(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('invalid_json', 'the request body is not valid JSON');
  }
  // toString replaced any invalid UTF-8 with U+FFFD before the scan: such bytes are never forwarded as sent.
  return { value, verbatim: distinctKeys && isUtf8(bytes) ? bytes : undefined };
}
