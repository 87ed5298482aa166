import type { TokenEncodingName } from '../../../config/pricing';
import { decodeTokens, encodeText, imageTokenCeiling } from '../cost/tokens';
import { badRequest, GatewayError } from './errors';
import type { AnyBody, ChatBody, ChatMessage, Operation } from './requests';

/**
 * What the model will read and what it will bill, from a validated request: every caller text
 * as a slot DLP scans (and may redact in place), in the order the model reads them, and every
 * billed field as text to count or as a fixed token count. Anything that can be neither scanned
 * nor counted is refused here, with the reason.
 */
export interface TextSlot {
  readonly text: string;
  set(value: string): void;
}

export interface ModelView {
  readonly slots: TextSlot[];
  /** Texts billed as prompt tokens (counted with the model's tokenizer). */
  readonly counted: string[];
  /** Prompt tokens known without tokenizing: per-message overheads, images, token arrays, data sources. */
  readonly fixedTokens: number;
}

export interface ViewOptions {
  readonly model: string;
  readonly encoding: TokenEncodingName;
  readonly allowInlineMedia: boolean;
  /** Lower-case hosts allowed in `data_sources[].parameters.endpoint`. */
  readonly dataSourceEndpoints: readonly string[];
  readonly dataSourceTokens: number;
  readonly extraFields: readonly string[];
}

type Json = Record<string, unknown>;

class Builder {
  readonly slots: TextSlot[] = [];
  readonly counted: string[] = [];
  fixedTokens = 0;

  slot(holder: Json | unknown[], key: string | number): void {
    const h = holder as Json;
    const value = h[key as string];
    if (typeof value === 'string' && value.length > 0) this.slots.push({ text: value, set: (v) => (h[key as string] = v) });
  }

  /**
   * Every string and every key of a JSON value (tool schemas: names, descriptions, enums,
   * defaults, examples), in document order. Iterative, so a deeply nested body cannot overflow the stack.
   */
  json(root: unknown): void {
    const stack: { node: Json | unknown[]; keys: string[]; i: number }[] = [];
    const enter = (v: unknown) => {
      if (v && typeof v === 'object') stack.push({ node: v as Json, keys: Object.keys(v as Json), i: 0 });
    };
    enter(root);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i >= top.keys.length) {
        stack.pop();
        continue;
      }
      const key = top.keys[top.i++];
      const obj = top.node as Json;
      if (!Array.isArray(top.node) && key.length > 0) this.slots.push({ text: key, set: (v) => renameKey(obj, key, v) });
      if (typeof obj[key] === 'string') this.slot(obj, key);
      else enter(obj[key]);
    }
  }

  /** Scanned and counted as its JSON text (an upper bound of what the service bills for it). */
  structured(value: unknown): void {
    if (value === undefined || value === null) return;
    this.json(value);
    this.counted.push(JSON.stringify(value));
  }
}

/** Renames one key in place, keeping the order of the others. */
function renameKey(obj: Json, from: string, to: string): void {
  const entries = Object.entries(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k === from ? to : k] = v;
}

const refused = (code: string, message: string) => new GatewayError(400, code, message);

function messageView(b: Builder, m: ChatMessage, index: number, options: ViewOptions): void {
  b.fixedTokens += 3; // OpenAI's per-message overhead
  b.counted.push(m.role);
  const msg = m as unknown as Json;
  if (typeof m.content === 'string') {
    b.slot(msg, 'content');
    b.counted.push(m.content);
  } else if (Array.isArray(m.content)) {
    m.content.forEach((p, j) => {
      const at = `messages.${index}.content.${j}`;
      if (p.type === 'text') {
        b.slot(p, 'text');
        b.counted.push(p.text);
      } else if (p.type === 'refusal') {
        b.slot(p, 'refusal');
        b.counted.push(p.refusal);
      } else if (p.type === 'image_url') {
        const inline = /^\s*data:/i.test(p.image_url.url);
        if (inline && !options.allowInlineMedia) {
          throw refused('inline_media_refused', `${at}: an inline (base64) image cannot be scanned for sensitive data; send an https URL, or ask the operators to allow inline media`);
        }
        // The URL itself is read (query strings carry data); an inline image is counted, not scanned.
        if (!inline) b.slot(p.image_url, 'url');
        const ceiling = imageTokenCeiling(options.model, p.image_url.detail);
        if (ceiling === undefined) throw refused('image_not_countable', `${at}: the gateway cannot count image tokens for model "${options.model}", so image inputs are refused`);
        b.fixedTokens += ceiling;
      } else if (p.type === 'input_audio') {
        throw refused('unsupported_content', `${at}: input_audio cannot be scanned for sensitive data or priced, so it is refused`);
      } else {
        throw refused('unsupported_content', `${at}: file content cannot be scanned for sensitive data or counted, so it is refused`);
      }
    });
  }
  if (m.name !== undefined) {
    b.fixedTokens += 1;
    b.slot(msg, 'name');
    b.counted.push(m.name);
  }
  if (typeof m.refusal === 'string') {
    b.slot(msg, 'refusal');
    b.counted.push(m.refusal);
  }
  if (m.tool_calls) {
    for (const call of m.tool_calls) {
      b.slot(call, 'id');
      b.slot(call.function, 'name');
      b.slot(call.function, 'arguments');
    }
    b.counted.push(JSON.stringify(m.tool_calls));
  }
  if (m.tool_call_id !== undefined) {
    b.slot(msg, 'tool_call_id');
    b.counted.push(m.tool_call_id);
  }
  if (m.function_call) {
    b.slot(m.function_call, 'name');
    b.slot(m.function_call, 'arguments');
    b.counted.push(JSON.stringify(m.function_call));
  }
}

/** A prompt or input: a string, strings, token ids or arrays of token ids (decoded and scanned as text). */
function inputView(b: Builder, holder: Json, key: string, options: ViewOptions): void {
  const value = holder[key];
  if (typeof value === 'string') {
    b.slot(holder, key);
    b.counted.push(value);
    return;
  }
  if (!Array.isArray(value)) return;
  const tokenSlot = (arr: Json | unknown[], k: string | number, ids: number[]) => {
    b.fixedTokens += ids.length; // token arrays bill by their length
    // Decoded only when DLP reads it: an array over the cap is refused before any decoding.
    let text: string | undefined;
    b.slots.push({
      get text() {
        if (text === undefined) {
          try {
            text = decodeTokens(ids, options.encoding);
          } catch (e) {
            throw badRequest('invalid_request', `${key}: ${(e as Error).message}`);
          }
        }
        return text;
      },
      set: (v) => ((arr as Json)[k as string] = encodeText(v, options.encoding)),
    });
  };
  if (value.every((x) => typeof x === 'number')) return tokenSlot(holder, key, value as number[]);
  value.forEach((x, i) => {
    if (typeof x === 'string') {
      b.slot(value, i);
      b.counted.push(x);
    } else if (Array.isArray(x)) tokenSlot(value, i, x as number[]);
  });
}

export function modelView(op: Operation, body: AnyBody, options: ViewOptions): ModelView {
  const b = new Builder();
  if (op === 'chat') {
    const chat = body as ChatBody;
    b.structured(chat.tools);
    b.structured(chat.functions);
    chat.messages.forEach((m, i) => messageView(b, m, i, options));
    b.fixedTokens += 3; // every reply is primed with <|start|>assistant<|message|>
    if (typeof chat.tool_choice === 'object') b.structured(chat.tool_choice);
    if (typeof chat.function_call === 'object') b.structured(chat.function_call);
    b.structured(chat.response_format);
    if (chat.prediction) {
      const p = chat.prediction as Json;
      if (typeof p.content === 'string') inputView(b, p, 'content', options);
      else for (const part of chat.prediction.content as { text: string }[]) (b.slot(part, 'text'), b.counted.push(part.text));
    }
    for (const [i, source] of (chat.data_sources ?? []).entries()) {
      const endpoint = typeof source.parameters.endpoint === 'string' ? source.parameters.endpoint : '';
      let host = '';
      try {
        host = new URL(endpoint).host.toLowerCase();
      } catch {
        /* refused below */
      }
      // On Your Data sends the prompt to another service with its own credentials.
      if (!host || !options.dataSourceEndpoints.includes(host)) {
        throw refused('data_source_not_allowed', `data_sources.${i}: the endpoint is not on the gateway's allow-list of data sources`);
      }
      const { authentication: _credentials, ...readable } = source.parameters;
      b.json(readable);
      b.fixedTokens += options.dataSourceTokens; // what the retrieval adds to the prompt
    }
  } else if (op === 'completions') {
    inputView(b, body as Json, 'prompt', options);
    if (typeof body.suffix === 'string') {
      b.slot(body as Json, 'suffix');
      b.counted.push(body.suffix);
    }
  } else {
    inputView(b, body as Json, 'input', options);
  }
  if (typeof body.user === 'string') b.slot(body as Json, 'user');
  for (const field of options.extraFields) b.structured((body as Json)[field]);
  return { slots: b.slots, counted: b.counted, fixedTokens: b.fixedTokens };
}
