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
  /**
   * Prose the model reads as one run with the previous prose slot (message contents and parts,
   * consecutive messages, descriptions): a value split across such slots is looked for across
   * the junction. Every other slot (schema keys and values, names, ids, arguments, stop
   * sequences) is a hard boundary on both sides.
   */
  readonly flow?: boolean;
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
  /** Lower-case https origins allowed for every URL in `data_sources` (`parameters.endpoint`, `embedding_dependency.endpoint`, …). */
  readonly dataSourceEndpoints: readonly string[];
  readonly dataSourceTokens: number;
  readonly extraFields: readonly string[];
}

type Json = Record<string, unknown>;

class Builder {
  readonly slots: TextSlot[] = [];
  readonly counted: string[] = [];
  fixedTokens = 0;

  slot(holder: Json | unknown[], key: string | number, flow = false): void {
    const h = holder as Json;
    const value = h[key as string];
    if (typeof value === 'string' && value.length > 0) this.slots.push({ text: value, set: (v) => (h[key as string] = v), flow });
  }

  /** Prose the model reads in sequence (see `TextSlot.flow`). */
  text(holder: Json | unknown[], key: string | number): void {
    this.slot(holder, key, true);
  }

  /**
   * Every string and every key of a JSON value (tool schemas: names, descriptions, enums,
   * defaults, examples), in document order. Iterative, so a deeply nested body cannot overflow the stack.
   * A key and its value share one live reference to the key's current name, so redacting both,
   * in either order, leaves neither (renaming the key never brings the old name back).
   * `skip` leaves a key's value unread (an explicit credential); its key is still read.
   */
  json(root: unknown, skip: (holder: Json, key: string) => boolean = () => false): void {
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
      const ref = { key };
      if (!Array.isArray(top.node) && key.length > 0) this.slots.push({ text: key, set: (v) => (ref.key = renameKey(obj, ref.key, v)) });
      if (skip(obj, key)) continue;
      const value = obj[key];
      if (typeof value === 'string') {
        // Descriptions are prose the model reads; every other schema string stands alone.
        if (value.length > 0) this.slots.push({ text: value, set: (v) => (obj[ref.key] = v), flow: key === 'description' && !Array.isArray(obj) });
      } else enter(value);
    }
  }

  /**
   * A string the model receives as JSON text (tool-call and function-call arguments, tool
   * results): read as sent, and, when it is JSON with escapes, also as the values it decodes to
   * (`\u0034\u0031…` is the digits the model reads). Redacting a decoded value rewrites the text
   * from the redacted value; the gateway re-scans what it will send, so nothing escapes either view.
   */
  jsonText(holder: Json, key: string, flow = false): void {
    this.slot(holder, key, flow);
    const raw = holder[key];
    if (typeof raw !== 'string' || !raw.includes('\\')) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return; // not JSON: read as text only
    }
    const box = { value: parsed };
    const first = this.slots.length;
    if (typeof parsed === 'string') this.slots.push({ text: parsed, set: (v) => (box.value = v) });
    else this.json(parsed);
    for (let i = first; i < this.slots.length; i++) {
      const s = this.slots[i];
      this.slots[i] = {
        get text() {
          return s.text;
        },
        set: (v) => {
          s.set(v);
          holder[key] = JSON.stringify(box.value);
        },
      };
    }
  }

  /** Scanned and counted as its JSON text (an upper bound of what the service bills for it). */
  structured(value: unknown): void {
    if (value === undefined || value === null) return;
    this.json(value);
    this.counted.push(JSON.stringify(value));
  }
}

/**
 * Renames one key in place, keeping the order of the others, and returns the name it got: a
 * name another key already has (two keys redacted alike) gets a suffix, so no value is lost.
 */
function renameKey(obj: Json, from: string, to: string): string {
  if (from === to || !Object.hasOwn(obj, from)) return from;
  let name = to;
  for (let n = 2; Object.hasOwn(obj, name); n++) name = `${to}#${n}`;
  const entries = Object.entries(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) obj[k === from ? name : k] = v;
  return name;
}

const refused = (code: string, message: string) => new GatewayError(400, code, message);

/** Fields of an On Your Data `authentication` block that hold the caller's own credential: passed, not read. */
const CREDENTIAL_FIELDS = new Set(['key', 'access_token', 'encoded_api_key', 'connection_string', 'password']);

/** The `authentication` object `holder` is, if it is one in this data source (top level or an embedding dependency's). */
function authenticationOf(source: unknown, holder: Json): Json | undefined {
  const p = (source as { parameters?: Json }).parameters;
  const candidates = [p?.authentication, (p?.embedding_dependency as Json | undefined)?.authentication];
  return candidates.find((c) => c === holder) as Json | undefined;
}

const URL_LIKE = /^\s*[a-z][a-z0-9+.-]*:/i;

/**
 * Every `endpoint` field and every URL-shaped string in a data source must be an allow-listed
 * https origin, exactly (scheme, host and port): the service calls what it finds there.
 */
function checkDataSourceUrls(source: unknown, at: string, allowed: readonly string[]): void {
  const stack: unknown[] = [source];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node as Json)) {
      if (value && typeof value === 'object') {
        stack.push(value);
        continue;
      }
      if (key !== 'endpoint' && !(typeof value === 'string' && URL_LIKE.test(value) && /\/\/|^\s*(https?|wss?|ftp):/i.test(value))) continue;
      let origin = '';
      try {
        const u = new URL(String(value));
        if (u.protocol === 'https:' && !u.username && !u.password) origin = u.origin.toLowerCase();
      } catch {
        /* refused below */
      }
      if (!origin || !allowed.includes(origin)) {
        throw refused('data_source_not_allowed', `${at}: "${key}" is not an https endpoint on the gateway's allow-list of data sources`);
      }
    }
  }
}

function messageView(b: Builder, m: ChatMessage, index: number, options: ViewOptions): void {
  b.fixedTokens += 3; // OpenAI's per-message overhead
  b.counted.push(m.role);
  const msg = m as unknown as Json;
  if (typeof m.content === 'string') {
    // A tool or function result is often JSON: its escapes are read decoded too.
    if (m.role === 'tool' || m.role === 'function') b.jsonText(msg, 'content', true);
    else b.text(msg, 'content');
    b.counted.push(m.content);
  } else if (Array.isArray(m.content)) {
    m.content.forEach((p, j) => {
      const at = `messages.${index}.content.${j}`;
      b.fixedTokens += 1; // a part costs at least one token, however empty
      if (p.type === 'text') {
        b.text(p, 'text');
        b.counted.push(p.text);
      } else if (p.type === 'refusal') {
        b.text(p, 'refusal');
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
    b.text(msg, 'refusal');
    b.counted.push(m.refusal);
  }
  if (m.tool_calls) {
    for (const call of m.tool_calls) {
      b.slot(call, 'id');
      b.slot(call.function, 'name');
      b.jsonText(call.function as unknown as Json, 'arguments');
    }
    b.counted.push(JSON.stringify(m.tool_calls));
  }
  if (m.tool_call_id !== undefined) {
    b.slot(msg, 'tool_call_id');
    b.counted.push(m.tool_call_id);
  }
  if (m.function_call) {
    b.slot(m.function_call, 'name');
    b.jsonText(m.function_call as unknown as Json, 'arguments');
    b.counted.push(JSON.stringify(m.function_call));
  }
}

/** A prompt or input: a string, strings, token ids or arrays of token ids (decoded and scanned as text). */
function inputView(b: Builder, holder: Json, key: string, options: ViewOptions): void {
  const value = holder[key];
  if (typeof value === 'string') {
    b.text(holder, key);
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
      else for (const part of chat.prediction.content as { text: string }[]) (b.slot(part, 'text'), b.counted.push(part.text), (b.fixedTokens += 1));
    }
    for (const [i, source] of (chat.data_sources ?? []).entries()) {
      // On Your Data sends the prompt to other services: every URL in it must be allow-listed.
      checkDataSourceUrls(source, `data_sources.${i}`, options.dataSourceEndpoints);
      // Everything is read except the explicit credentials in an `authentication` block.
      b.json(source, (holder, key) => CREDENTIAL_FIELDS.has(key) && holder === authenticationOf(source, holder));
      b.fixedTokens += options.dataSourceTokens; // what the retrieval adds to the prompt
    }
  } else if (op === 'completions') {
    inputView(b, body as Json, 'prompt', options);
    if (typeof body.suffix === 'string') {
      b.text(body as Json, 'suffix');
      b.counted.push(body.suffix);
    }
  } else {
    inputView(b, body as Json, 'input', options);
  }
  if (op !== 'embeddings') {
    // Stop sequences are read by the service (and echoed in errors): scanned like any text.
    const stop = (body as Json).stop;
    if (typeof stop === 'string') b.slot(body as Json, 'stop');
    else if (Array.isArray(stop)) stop.forEach((_, i) => b.slot(stop, i));
  }
  if (typeof body.user === 'string') b.slot(body as Json, 'user');
  for (const field of options.extraFields) b.structured((body as Json)[field]);
  return { slots: b.slots, counted: b.counted, fixedTokens: b.fixedTokens };
}
