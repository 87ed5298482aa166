import { bodyParser, SCHEMAS, type Operation } from '../../function/src/core/requests';

/**
 * The allow-list's objects parse through zod's compiled object parser (requests.ts, strictObject). It
 * must answer exactly as zod's interpreted walk does: same verdict, same output (keys and order, which
 * the verbatim path relies on) and the same first issue. Every body below, and every mutation of it at
 * every path (a field removed, an unknown field added, a value of another type), goes through both.
 */
const BODIES: Record<Operation, unknown[]> = {
  chat: [
    { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello' }], max_tokens: 200 },
    {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', content: 'done', tool_call_id: 'c1' },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }], refusal: null, name: 'bot' },
      ],
      tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'f' } },
      response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' }, strict: null } },
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      top_p: 1,
      n: 2,
      stop: ['a', 'b'],
      logit_bias: { '50256': -100 },
      logprobs: true,
      top_logprobs: 3,
      seed: 7,
      user: 'u-1',
      parallel_tool_calls: false,
      reasoning_effort: 'low',
      max_completion_tokens: 50,
    },
    {
      messages: [{ role: 'user', content: 'q' }],
      functions: [{ name: 'g' }],
      function_call: { name: 'g' },
      prediction: { type: 'content', content: [{ type: 'text', text: 'p' }] },
      response_format: { type: 'json_object' },
      data_sources: [
        {
          type: 'azure_search',
          parameters: {
            endpoint: 'https://s.search.windows.net',
            index_name: 'i',
            authentication: { type: 'system_assigned_managed_identity' },
            embedding_dependency: { type: 'deployment_name', deployment_name: 'emb', dimensions: 3 },
            fields_mapping: { title_field: null, content_fields: ['c'] },
            strictness: 3,
            top_n_documents: 5,
            include_contexts: ['citations'],
          },
        },
      ],
    },
  ],
  completions: [
    { prompt: 'say hi', suffix: null, max_tokens: 5, best_of: 2, n: 1, echo: false, logprobs: 2, stop: 'x' },
    { prompt: [[1, 2, 3], [4]], stream: false },
  ],
  embeddings: [
    { input: ['a', 'b'], dimensions: 256, encoding_format: 'float', user: 'u' },
    { input: [1, 2, 3] },
  ],
};

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Every path to a value inside `v`. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

function mutations(body: Json): Json[] {
  const out: Json[] = [body];
  const edit = (path: (string | number)[], fn: (parent: any, key: string | number) => void) => {
    const copy = clone(body);
    let parent: any = copy;
    for (const k of path.slice(0, -1)) parent = parent[k];
    fn(parent, path[path.length - 1]);
    out.push(copy);
  };
  for (const path of paths(body)) {
    if (path.length === 0) continue;
    edit(path, (p, k) => (Array.isArray(p) ? p.splice(Number(k), 1) : delete p[k]));
    for (const other of [null, 'text', 12, -1, 1.5, true, [], {}]) edit(path, (p, k) => (p[k] = clone(other)));
  }
  for (const path of paths(body)) {
    const copy = clone(body);
    let target: any = copy;
    for (const k of path) target = target[k];
    if (target && typeof target === 'object' && !Array.isArray(target)) {
      target.not_a_field = 1;
      out.push(copy);
      const proto = clone(body);
      let t2: any = proto;
      for (const k of path) t2 = t2[k];
      Object.defineProperty(t2, '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
      out.push(proto);
    }
  }
  return out;
}

const outcome = (r: { success: boolean; data?: unknown; error?: { issues: readonly { code: string; path: PropertyKey[]; message: string }[] } }) =>
  r.success
    ? { ok: true, data: JSON.stringify(r.data), keys: JSON.stringify(r.data, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : v)) }
    : { ok: false, issues: r.error!.issues.map((i) => ({ code: i.code, path: i.path.map(String), message: i.message })) };

describe('the allow-list parsed by compiled object parsers', () => {
  for (const op of Object.keys(BODIES) as Operation[]) {
    it(`${op}: answers every body and mutation as zod's interpreted parser does`, () => {
      const schema = SCHEMAS[op];
      let accepted = 0;
      let refused = 0;
      for (const base of BODIES[op]) {
        for (const body of mutations(base as Json)) {
          const compiled = outcome(schema.safeParse(body) as never);
          const interpreted = outcome(schema.safeParse(body, { jitless: true }) as never);
          expect(compiled).toEqual(interpreted);
          compiled.ok ? accepted++ : refused++;
        }
      }
      // Both verdicts are exercised: valid bodies pass, and unknown fields and wrong types are refused.
      expect(accepted).toBeGreaterThan(BODIES[op].length);
      expect(refused).toBeGreaterThan(50);
    });
  }

  it('refuses an unknown field at the top and inside a message, as before', () => {
    const top = SCHEMAS.chat.safeParse({ messages: [{ role: 'user', content: 'x' }], extra: 1 });
    expect(top.success).toBe(false);
    expect(top.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['extra'], path: [] });
    const inner = SCHEMAS.chat.safeParse({ messages: [{ role: 'user', content: 'x', secret_field: 'y' }] });
    expect(inner.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['secret_field'], path: ['messages', 0] });
  });
});

describe('extra fields operators let through', () => {
  it('are optional, of any value, and nothing else unknown gets in', () => {
    const parse = bodyParser('chat', ['store_note']);
    const messages = [{ role: 'user', content: 'hi' }];
    expect(parse({ messages })).toEqual({ messages });
    expect(parse({ messages, store_note: { deep: [1, 'two', null] } })).toEqual({ messages, store_note: { deep: [1, 'two', null] } });
    expect(() => parse({ messages, store_notes: 1 })).toThrow('unknown field "store_notes"');
  });

  it('cannot replace an allow-listed field or name one every object inherits', () => {
    expect(Object.keys(SCHEMAS.chat.shape)).toContain('messages');
    expect(() => bodyParser('chat', ['messages'])).toThrow('extra field for chat: "messages" is already in the chat allow-list, with its own checks');
    expect(() => bodyParser('embeddings', ['input'])).toThrow('"input" is already in the embeddings allow-list');
    for (const name of ['constructor', 'toString', '__proto__']) expect(() => bodyParser('completions', [name])).toThrow(`"${name}" is a name every object inherits`);
    expect(bodyParser('embeddings', ['messages'])({ input: 'x', messages: 'y' })).toEqual({ input: 'x', messages: 'y' });
  });
});
