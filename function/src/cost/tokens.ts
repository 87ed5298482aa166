import type { TokenEncodingName } from '../../../config/pricing';

type Encoder = { countTokens(text: string): number; encode(text: string): number[]; decode(tokens: Iterable<number>): string; vocabularySize: number };

/**
 * Encodings load on first use: each holds a few MB of merge ranks, and a gateway whose
 * deployments all use one encoding should not pay start-up time for the other.
 */
/*
 * In the deployed bundle the encodings are files of their own beside it: function/build.ts defines
 * GATEWAY_ENCODINGS_DIR at build time, which makes the package branch below dead code the bundler
 * leaves out, so a cold start does not parse 3.6 MB of merge ranks it may never use. Everywhere
 * else (tests, npm run gateway) they come from the package.
 */
const LOADERS: Record<TokenEncodingName, () => Encoder> = {
  o200k_base: () => (process.env.GATEWAY_ENCODINGS_DIR ? bundled('o200k_base', process.env.GATEWAY_ENCODINGS_DIR) : (require('gpt-tokenizer/encoding/o200k_base') as Encoder)),
  cl100k_base: () => (process.env.GATEWAY_ENCODINGS_DIR ? bundled('cl100k_base', process.env.GATEWAY_ENCODINGS_DIR) : (require('gpt-tokenizer/encoding/cl100k_base') as Encoder)),
};

function bundled(name: TokenEncodingName, dir: string): Encoder {
  const load = require; // an alias: read at run time, not followed by the bundler
  return load(require('node:path').join(__dirname, dir, `${name}.js`)) as Encoder;
}
const ENCODERS = new Map<TokenEncodingName, Encoder>();
function encoder(name: TokenEncodingName): Encoder {
  let e = ENCODERS.get(name);
  if (!e) ENCODERS.set(name, (e = LOADERS[name]()));
  return e;
}

/** A chat message as the API takes it: string content or an array of parts. */
export interface ChatMessageLike {
  readonly role: string;
  readonly name?: string;
  readonly content?: unknown;
  readonly tool_calls?: unknown;
  readonly function_call?: unknown;
}

/** The text of a message's content (text parts only; other parts are counted by the service). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .join('\n');
  }
  return '';
}

/**
 * Longest piece handed to the tokenizer at once. BPE merging is quadratic in the length of one
 * pre-token, and a long unbroken run (base64, a repeated character) is one pre-token: an
 * authenticated 120 KB body could stall the event loop for seconds. Cutting the text into pieces
 * of at most this many characters (before a whitespace where there is one, so ordinary prose
 * tokenizes as it would whole) makes the work linear. A cut can only lose merges, so the count
 * stays an upper bound; the reservation's margin absorbs the rest.
 */
export const TOKENIZE_PIECE_CHARS = 256;

/**
 * Tokens of `text`. With `limit`, counting stops as soon as the count exceeds it (the caller
 * only needs to know the cap is exceeded), so the work is bounded by the cap, not the input.
 */
export function countText(text: string, encoding: TokenEncodingName, limit = Infinity): number {
  if (text.length === 0) return 0;
  const enc = encoder(encoding);
  if (text.length <= TOKENIZE_PIECE_CHARS) return enc.countTokens(text);
  let n = 0;
  for (let i = 0; i < text.length && n <= limit; ) {
    let end = Math.min(text.length, i + TOKENIZE_PIECE_CHARS);
    if (end < text.length) {
      let cut = end;
      while (cut > i + 1 && !isSpace(text.charCodeAt(cut))) cut--;
      if (cut > i + 1) end = cut;
      else if (isHighSurrogate(text.charCodeAt(end - 1))) end--; // never split a surrogate pair
    }
    n += enc.countTokens(text.slice(i, end));
    i = end;
  }
  return n;
}
const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Token ids → text, for scanning what a token-array prompt says. Throws on an id the encoding does not have. */
export function decodeTokens(tokens: readonly number[], encoding: TokenEncodingName): string {
  const enc = encoder(encoding);
  for (const t of tokens) {
    if (!Number.isInteger(t) || t < 0 || t >= enc.vocabularySize) throw new RangeError(`token id ${t} is not in the ${encoding} vocabulary`);
  }
  return enc.decode(tokens);
}

export function encodeText(text: string, encoding: TokenEncodingName): number[] {
  return encoder(encoding).encode(text);
}

/**
 * The most tokens one image input can bill, per model family, for `detail: low` and for
 * `high`/`auto` (the dimensions behind a URL are unknown, so the largest image the service
 * accepts is assumed: scaled into 2048×2048, shortest side 768 px → 2×4 tiles of 512 px).
 * Tile-based: base + tiles × per-tile; patch-based (32 px patches, at most 1536) × multiplier.
 * Source: https://learn.microsoft.com/azure/ai-foundry/openai/how-to/gpt-with-vision#image-tokens
 * and https://platform.openai.com/docs/guides/images-vision#calculating-costs (same rules).
 * A model not listed here cannot have its images counted, so its image inputs are refused.
 */
const IMAGE_TOKENS: Record<string, { low: number; high: number }> = {
  'gpt-4o': { low: 85, high: 85 + 8 * 170 },
  'gpt-4.1': { low: 85, high: 85 + 8 * 170 },
  'gpt-4o-mini': { low: 2833, high: 2833 + 8 * 5667 },
  'gpt-4.1-mini': { low: Math.ceil(1536 * 1.62), high: Math.ceil(1536 * 1.62) },
  'gpt-4.1-nano': { low: Math.ceil(1536 * 2.46), high: Math.ceil(1536 * 2.46) },
  'o4-mini': { low: Math.ceil(1536 * 1.72), high: Math.ceil(1536 * 1.72) },
};

/** The image-token ceiling for one image, or undefined when the model's image rules are not known. */
export function imageTokenCeiling(model: string, detail: unknown): number | undefined {
  const rule = IMAGE_TOKENS[model];
  if (!rule) return undefined;
  return detail === 'low' ? rule.low : rule.high;
}

/**
 * Prompt tokens of a chat request, counted the way OpenAI bills them: 3 tokens per message,
 * the tokens of each field, 1 more for a `name`, and 3 to prime the reply. Tool calls and
 * tool definitions are counted as their JSON text (an upper bound, which is what a budget wants).
 */
export function countChatTokens(messages: readonly ChatMessageLike[], encoding: TokenEncodingName, tools?: unknown): number {
  let n = 3;
  for (const m of messages) {
    n += 3 + countText(m.role, encoding) + countText(contentText(m.content), encoding);
    if (m.name) n += 1 + countText(m.name, encoding);
    if (m.tool_calls) n += countText(JSON.stringify(m.tool_calls), encoding);
    if (m.function_call) n += countText(JSON.stringify(m.function_call), encoding);
  }
  if (tools) n += countText(JSON.stringify(tools), encoding);
  return n;
}

/** Tokens of an embeddings or legacy completions input: a string or an array of strings. */
export function countInputTokens(input: unknown, encoding: TokenEncodingName): number {
  if (typeof input === 'string') return countText(input, encoding);
  if (Array.isArray(input)) return input.reduce<number>((n, x) => n + (typeof x === 'string' ? countText(x, encoding) : Array.isArray(x) ? x.length : 0), 0);
  return 0;
}

export class TokenCapError extends Error {
  constructor(readonly promptTokens: number, readonly requested: number | undefined, readonly cap: number, readonly choices = 1) {
    const each = choices > 1 ? ` × ${choices} choices` : '';
    super(
      requested === undefined
        ? `the prompt is ${promptTokens} tokens, which leaves no room for a reply${each} under the per-request cap of ${cap}`
        : `prompt (${promptTokens}) plus max_tokens (${requested})${each} is ${promptTokens + requested * choices} tokens, over the per-request cap of ${cap}`,
    );
    this.name = 'TokenCapError';
  }
}

/**
 * The completion ceiling per choice under the per-request cap, which covers the prompt plus
 * every choice's completion (`n` choices, or `best_of` for legacy completions): `max_tokens` when
 * it fits, an equal share of the cap's remainder when the request names none; an error otherwise.
 */
export function completionCeiling(promptTokens: number, requestedMax: number | undefined, cap: number, choices = 1): number {
  if (requestedMax !== undefined) {
    if (promptTokens + requestedMax * choices > cap) throw new TokenCapError(promptTokens, requestedMax, cap, choices);
    return requestedMax;
  }
  const share = Math.floor((cap - promptTokens) / choices);
  if (share <= 0) throw new TokenCapError(promptTokens, undefined, cap, choices);
  return share;
}
