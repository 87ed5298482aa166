import type { TokenEncodingName } from '../../../config/pricing';

type Encoder = { countTokens(text: string): number };

/**
 * Encodings load on first use: each holds a few MB of merge ranks, and a gateway whose
 * deployments all use one encoding should not pay start-up time for the other.
 */
const LOADERS: Record<TokenEncodingName, () => Encoder> = {
  o200k_base: () => require('gpt-tokenizer/encoding/o200k_base') as Encoder,
  cl100k_base: () => require('gpt-tokenizer/encoding/cl100k_base') as Encoder,
};
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

export function countText(text: string, encoding: TokenEncodingName): number {
  return text.length === 0 ? 0 : encoder(encoding).countTokens(text);
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
