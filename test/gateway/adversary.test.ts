/**
 * The gateway against an adversary: every attack goes through the local server, with the real
 * redis-server and a loopback Azure OpenAI that records what it receives, and is judged by value:
 * nothing sensitive reached the model or the logs, the model never billed more than the budget,
 * and the caller got a clear OpenAI-shaped error.
 */
import { createServer, type Server } from 'node:http';
import * as cl100k from 'gpt-tokenizer/encoding/cl100k_base';
import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { countText } from '../../function/src/cost';
import { costMicros, priceFor } from '../../function/src/cost';
import { FakeAzureOpenAI } from '../helpers/fake-azure-openai';
import { LoopbackIssuer } from '../helpers/issuer';
import { RedisServer } from '../helpers/redis-server';
import { loopbackGatewayEnv, startGateway, type RunningGateway } from '../helpers/gateway';
import { withoutIds } from '../helpers/ids';

jest.setTimeout(30_000);

let upstream: FakeAzureOpenAI;
let issuer: LoopbackIssuer;
let redis: RedisServer;
let gw: RunningGateway | undefined;
let token: string;

const API = '2024-10-21';
const CARD = '4111 1111 1111 1111';
const PAT = 'ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl';
/** Any of these in what the model received or in a log line is a leak. */
const LEAKS = ['4111', '1111 1111', '11111111', PAT, PAT.slice(4, 20)];
const CHAT = '/openai/deployments/chat/chat/completions';

function env(extra: Record<string, string> = {}): Record<string, string> {
  return loopbackGatewayEnv({ upstream, issuer, redis }, {
    AZURE_OPENAI_MAX_RETRIES: '0',
    AZURE_OPENAI_TIMEOUT_MS: '2000',
    GATEWAY_DEPLOYMENTS: 'chat=gpt-4o-mini@global,big=gpt-4o@global,emb=text-embedding-3-small@global',
    ...extra,
  });
}

async function restart(extra: Record<string, string>): Promise<RunningGateway> {
  await gw?.close();
  gw = await startGateway(env(extra));
  return gw;
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${gw!.url}${path}?api-version=${API}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const errorOf = async (res: Response) => {
  const body = (await res.json()) as { error: { code: string; message: string; type: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'type']);
  return { status: res.status, ...body.error };
};

/** The daily usage report; waits for the budget store to be reachable again (after a restart the client reconnects with backoff). */
async function usage(): Promise<any> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${gw!.url}/usage`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 503 || attempt >= 100) return ((await res.json()) as any).daily;
    await new Promise((r) => setTimeout(r, 100));
  }
}
const audits = () => gw!.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'aoai.gateway.request');

/** Nothing sensitive reached the model or any log line (the lines read without their random request ids, whose hex can hold "4111"). */
function expectNoLeak(): void {
  const seen = JSON.stringify(upstream.received.map((r) => r.body));
  const logs = withoutIds(gw!.logs.join('\n'));
  for (const leak of LEAKS) {
    expect(seen).not.toContain(leak);
    expect(logs).not.toContain(leak);
  }
}

/** What the model billed, in micro-dollars, at gpt-4o-mini's global price. */
const billedMicros = () => upstream.billed.reduce((n, u) => n + costMicros({ promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens }, priceFor('gpt-4o-mini', 'global').price), 0);

beforeAll(async () => {
  [upstream, issuer, redis] = await Promise.all([new FakeAzureOpenAI().start(), new LoopbackIssuer().start(), RedisServer.start()]);
  token = await issuer.token();
});
afterAll(async () => {
  await gw?.close();
  await Promise.all([upstream?.stop(), issuer?.stop(), redis?.stop()]);
});
beforeEach(async () => {
  upstream.received.length = 0;
  upstream.billed.length = 0;
  upstream.script.length = 0;
  upstream.reply = {};
  upstream.usage = { prompt_tokens: 21, completion_tokens: 7 };
  await redis.flush();
  await restart({});
});
afterEach(async () => {
  await gw?.close();
  gw = undefined;
});

describe('1. the request is allow-listed', () => {
  it.each([
    ['a top-level field', { messages: [{ role: 'user', content: 'hi' }], metadata: { note: CARD } }, 'metadata'],
    ['a message field', { messages: [{ role: 'user', content: 'hi', secret_note: CARD }] }, 'messages.0.secret_note'],
    ['a content part field', { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', hidden: CARD }] }] }, 'messages.0.content.0.hidden'],
    ['a tool field', { messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f' }, extra: CARD }] }, 'tools.0.extra'],
  ])('refuses an unknown field in %s with a 400 naming it', async (_what, body, field) => {
    const err = await errorOf(await post(CHAT, body));
    expect(err).toMatchObject({ status: 400, code: 'unknown_parameter', type: 'invalid_request_error' });
    expect(err.message).toContain(`"${field}"`);
    expect(upstream.received).toHaveLength(0);
    expectNoLeak();
    expect(audits()[0].dlp.action).toBe('not_scanned');
  });

  it('refuses content parts it cannot govern and lets operators extend the list, scanning what they add', async () => {
    const part = await errorOf(await post(CHAT, { messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] }));
    expect(part).toMatchObject({ status: 400, code: 'invalid_request' });
    await restart({ GATEWAY_EXTRA_FIELDS: 'chat:store_note' });
    expect((await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], store_note: 'fine', max_tokens: 5 })).status).toBe(200);
    expect(upstream.received[0].body.store_note).toBe('fine');
    // Let through, not required: a body without it is as valid as before.
    expect((await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 })).status).toBe(200);
    expect(upstream.received[1].body).not.toHaveProperty('store_note');
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], store_note: { deep: [`pay ${CARD}`] } }))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(upstream.received).toHaveLength(2);
    expectNoLeak();
  });
});

describe('2. DLP reads everything the model reads', () => {
  const user = (content: unknown, extra: Record<string, unknown> = {}) => ({ messages: [{ role: 'user', content }], max_tokens: 5, ...extra });
  const tool = (fn: Record<string, unknown>) => user('use the tool', { tools: [{ type: 'function', function: { name: 'lookup', ...fn } }] });
  const hidden: [string, string, unknown][] = [
    ['message name', CHAT, { messages: [{ role: 'user', name: PAT, content: 'hi' }] }],
    ['a refusal part', CHAT, { messages: [{ role: 'assistant', content: [{ type: 'refusal', refusal: `no, ${CARD}` }] }, { role: 'user', content: 'ok' }] }],
    ['an assistant refusal', CHAT, { messages: [{ role: 'assistant', content: null, refusal: `card ${CARD}` }, { role: 'user', content: 'ok' }] }],
    ['an image URL query string', '/openai/deployments/big/chat/completions', user([{ type: 'image_url', image_url: { url: `https://img.example/a.png?card=${encodeURIComponent(CARD)}&t=${PAT}`, detail: 'low' } }])],
    ['a tool description', CHAT, tool({ description: `charge ${CARD}` })],
    ['a tool schema enum', CHAT, tool({ parameters: { type: 'object', properties: { c: { type: 'string', enum: [CARD] } } } })],
    ['a tool schema default', CHAT, tool({ parameters: { type: 'object', properties: { c: { type: 'string', default: PAT } } } })],
    ['a tool schema example', CHAT, tool({ parameters: { type: 'object', properties: { c: { type: 'string', examples: [`use ${PAT}`] } } } })],
    ['a tool schema property name', CHAT, tool({ parameters: { type: 'object', properties: { [PAT]: { type: 'string' } } } })],
    ['a legacy function definition', CHAT, user('hi', { functions: [{ name: 'f', description: `card ${CARD}` }] })],
    ['tool-call arguments', CHAT, { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'pay', arguments: `{"card":"${CARD}"}` } }] }, { role: 'tool', tool_call_id: 'c1', content: 'ok' }] }],
    ['function-call arguments', CHAT, { messages: [{ role: 'assistant', content: null, function_call: { name: 'pay', arguments: `{"k":"${PAT}"}` } }, { role: 'function', name: 'pay', content: 'ok' }] }],
    ['a response_format schema', CHAT, user('hi', { response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'object', description: `card ${CARD}` } } } })],
    ['a prediction', CHAT, user('hi', { prediction: { type: 'content', content: `card ${CARD}` } })],
    ['prediction parts', CHAT, user('hi', { prediction: { type: 'content', content: [{ type: 'text', text: PAT }] } })],
    ['user', CHAT, user('hi', { user: PAT })],
    ['a completions prompt array', '/openai/deployments/chat/completions', { prompt: ['fine', `card ${CARD}`], max_tokens: 5 }],
    ['a completions suffix', '/openai/deployments/chat/completions', { prompt: 'fine', suffix: `card ${CARD}`, max_tokens: 5 }],
    ['an embeddings string array', '/openai/deployments/emb/embeddings', { input: ['fine', `card ${CARD}`] }],
    ['embeddings token ids', '/openai/deployments/emb/embeddings', { input: cl100k.encode(`card ${CARD}`) }],
    ['embeddings arrays of token ids', '/openai/deployments/emb/embeddings', { input: [cl100k.encode('fine'), cl100k.encode(`key ${PAT}`)] }],
  ];
  it.each(hidden)('blocks a value hidden in %s', async (_where, path, body) => {
    const err = await errorOf(await post(path, body));
    expect(err).toMatchObject({ status: 400, code: 'sensitive_data_detected', type: 'invalid_request_error' });
    expect(err.message).toMatch(/CREDIT_CARD|SECRET:github-pat/);
    expect(upstream.received).toHaveLength(0);
    expect(billedMicros()).toBe(0);
    expectNoLeak();
  });

  it('redacts token ids by re-encoding the redacted text', async () => {
    await restart({ DLP_ACTION: 'redact' });
    expect((await post('/openai/deployments/emb/embeddings', { input: cl100k.encode(`card ${CARD}`) })).status).toBe(200);
    expect(cl100k.decode(upstream.received[0].body.input)).toBe('card [REDACTED:CREDIT_CARD]');
    expectNoLeak();
  });

  it('refuses inline images and audio it cannot scan, unless operators allow inline images', async () => {
    const inline = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } };
    expect(await errorOf(await post('/openai/deployments/big/chat/completions', user([inline])))).toMatchObject({ status: 400, code: 'inline_media_refused' });
    const audio = { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } };
    expect(await errorOf(await post('/openai/deployments/big/chat/completions', user([audio])))).toMatchObject({ status: 400, code: 'unsupported_content' });
    expect(upstream.received).toHaveLength(0);
    await restart({ GATEWAY_ALLOW_INLINE_MEDIA: 'true' });
    expect((await post('/openai/deployments/big/chat/completions', user([inline]))).status).toBe(200);
  });

  it('refuses On Your Data sources whose endpoint is not allow-listed, and scans the ones that are', async () => {
    const source = (endpoint: string, extra: Record<string, unknown> = {}) => ({
      type: 'azure_search',
      parameters: { endpoint, index_name: 'docs', authentication: { type: 'api_key', key: 'the-callers-own-search-key' }, ...extra },
    });
    const err = await errorOf(await post(CHAT, user('hi', { data_sources: [source('https://evil.search.windows.net')] })));
    expect(err).toMatchObject({ status: 400, code: 'data_source_not_allowed' });
    await restart({ GATEWAY_DATA_SOURCE_ENDPOINTS: 'https://docs.search.windows.net', GATEWAY_DATA_SOURCE_TOKENS: '500' });
    expect(await errorOf(await post(CHAT, user('hi', { data_sources: [source('https://evil.search.windows.net')] })))).toMatchObject({ status: 400, code: 'data_source_not_allowed' });
    expect(await errorOf(await post(CHAT, user('hi', { data_sources: [source('https://docs.search.windows.net', { role_information: `card ${CARD}` })] })))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(upstream.received).toHaveLength(0);
    expect((await post(CHAT, user('hi', { data_sources: [source('https://docs.search.windows.net')] }))).status).toBe(200);
    expect(upstream.received).toHaveLength(1);
    expect(upstream.received[0].body.data_sources[0].parameters.authentication).toEqual({ type: 'api_key', key: 'the-callers-own-search-key' });
    expectNoLeak();
  });

  it('allow-lists every URL of an On Your Data source by exact https origin, refuses unknown fields and scans all but the credential', async () => {
    await restart({ GATEWAY_DATA_SOURCE_ENDPOINTS: 'https://docs.search.windows.net', GATEWAY_DATA_SOURCE_TOKENS: '500' });
    const source = (parameters: Record<string, unknown>) => user('hi', { data_sources: [{ type: 'azure_search', parameters: { endpoint: 'https://docs.search.windows.net', index_name: 'docs', ...parameters } }] });
    for (const endpoint of ['http://docs.search.windows.net', 'https://docs.search.windows.net:8443', 'https://docs.search.windows.net.evil.example', 'https://x@docs.search.windows.net']) {
      expect(await errorOf(await post(CHAT, source({ endpoint })))).toMatchObject({ status: 400, code: 'data_source_not_allowed' });
    }
    const embedding = { type: 'endpoint', endpoint: 'https://evil.openai.azure.com/openai/deployments/e/embeddings', authentication: { type: 'api_key', key: 'k' } };
    expect(await errorOf(await post(CHAT, source({ embedding_dependency: embedding })))).toMatchObject({ status: 400, code: 'data_source_not_allowed' });
    expect(await errorOf(await post(CHAT, source({ exfil: { url: 'https://evil.example' } })))).toMatchObject({ status: 400, code: 'unknown_parameter' });
    expect(await errorOf(await post(CHAT, user('hi', { data_sources: [{ type: 'azure_search', parameters: { endpoint: 'https://docs.search.windows.net' }, note: CARD }] })))).toMatchObject({ status: 400, code: 'unknown_parameter' });
    const auth = { type: 'username_and_password', username: `svc ${PAT}`, password: 'the-callers-own-password' };
    expect(await errorOf(await post(CHAT, source({ authentication: auth })))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(await errorOf(await post(CHAT, source({ authentication: { type: 'api_key', key: 'k', key_id: CARD } })))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(upstream.received).toHaveLength(0);
    expectNoLeak();
  });
});

describe('2b. redaction leaves nothing behind and nothing else changed', () => {
  const CARD2 = '5500 0000 0000 0004';
  const tools = (parameters: unknown) => [{ type: 'function', function: { name: 'lookup', parameters } }];
  const sent = () => JSON.stringify(upstream.received.map((r) => r.body));
  beforeEach(async () => {
    await restart({ DLP_ACTION: 'redact' });
  });

  it('redacts a sensitive schema key and its sensitive value, and sends neither', async () => {
    const res = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, tools: tools({ type: 'object', examples: { [CARD]: CARD2 } }) });
    expect(res.status).toBe(200);
    expect(sent()).not.toContain('5500');
    expectNoLeak();
    expect(upstream.received[0].body.tools[0].function.parameters).toEqual({ type: 'object', examples: { '[REDACTED:CREDIT_CARD]': '[REDACTED:CREDIT_CARD]' } });
  });

  it('gives two keys redacted alike distinct names, so no value is lost', async () => {
    const res = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, tools: tools({ type: 'object', properties: { [CARD]: { type: 'string' }, [CARD2]: { type: 'number' } } }) });
    expect(res.status).toBe(200);
    expect(sent()).not.toContain('5500');
    expectNoLeak();
    expect(upstream.received[0].body.tools[0].function.parameters.properties).toEqual({ '[REDACTED:CREDIT_CARD]': { type: 'string' }, '[REDACTED:CREDIT_CARD]#2': { type: 'number' } });
  });

  it('never glues schema keys, values or names to their neighbours', async () => {
    const body = {
      messages: [{ role: 'user', name: 'alice@example.com', content: 'hello there' }],
      max_tokens: 5,
      tools: tools({ type: 'object', examples: ['alice@example.com'] }),
    };
    expect((await post(CHAT, body)).status).toBe(200);
    const got = upstream.received[0].body;
    expect(got.messages[0]).toEqual({ role: 'user', name: '[REDACTED:EMAIL_ADDRESS]', content: 'hello there' });
    expect(got.tools).toEqual([{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', examples: ['[REDACTED:EMAIL_ADDRESS]'] } } }]);
    expect(sent()).not.toContain('alice');
  });

  it('reads JSON escapes in tool-call arguments as the values they decode to', async () => {
    const escaped = [...CARD].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const body = { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'pay', arguments: `{"card":"${escaped}","note":"ok"}` } }] }, { role: 'tool', tool_call_id: 'c1', content: `{"echo":"${escaped}"}` }], max_tokens: 5 };
    expect((await post(CHAT, body)).status).toBe(200);
    const got = upstream.received[0].body.messages;
    expect(JSON.parse(got[0].tool_calls[0].function.arguments)).toEqual({ card: '[REDACTED:CREDIT_CARD]', note: 'ok' });
    expect(JSON.parse(got[1].content)).toEqual({ echo: '[REDACTED:CREDIT_CARD]' });
    expect(sent()).not.toMatch(/u0034|4111/);
    await restart({});
    expect(await errorOf(await post(CHAT, body))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(upstream.received).toHaveLength(1);
  });

  it('scans and redacts stop sequences, and bounds them as OpenAI does', async () => {
    expect((await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, stop: ['END', `x ${CARD}`] })).status).toBe(200);
    expect(upstream.received[0].body.stop).toEqual(['END', 'x [REDACTED:CREDIT_CARD]']);
    expect((await post('/openai/deployments/chat/completions', { prompt: 'hi', max_tokens: 5, stop: 'alice@example.com' })).status).toBe(200);
    expect(upstream.received[1].body.stop).toBe('[REDACTED:EMAIL_ADDRESS]');
    // Secrets block even in redact mode.
    expect(await errorOf(await post('/openai/deployments/chat/completions', { prompt: 'hi', max_tokens: 5, stop: PAT }))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expectNoLeak();
    await restart({});
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], stop: `x ${CARD}` }))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], stop: ['a', 'b', 'c', 'd', 'e'] }))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], stop: ['x'.repeat(257)] }))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(upstream.received).toHaveLength(2);
  });
});

describe('3. split values are caught', () => {
  it.each([
    ['two messages', { messages: [{ role: 'user', content: 'my card is 4111 1111' }, { role: 'user', content: '1111 1111 thanks' }] }],
    ['two parts', { messages: [{ role: 'user', content: [{ type: 'text', text: 'card 4111 1111 ' }, { type: 'text', text: '1111 1111' }] }] }],
    ['a key in two parts', { messages: [{ role: 'user', content: [{ type: 'text', text: `token ${PAT.slice(0, 18)}` }, { type: 'text', text: PAT.slice(18) }] }] }],
    // Tool definitions reach the model before the conversation.
    ['a tool description and a message', { tools: [{ type: 'function', function: { name: 'f', description: 'card 4111 1111' } }], messages: [{ role: 'user', content: '1111 1111' }] }],
  ])('blocks a value split across %s', async (_what, body) => {
    expect(await errorOf(await post(CHAT, { ...body, max_tokens: 5 }))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(upstream.received).toHaveLength(0);
    expectNoLeak();
  });

  it('redacts each slot’s share of a split value and leaves the rest as it was', async () => {
    await restart({ DLP_ACTION: 'redact' });
    const res = await post(CHAT, { messages: [{ role: 'user', content: 'pay with 4111 1111' }, { role: 'user', content: '1111 1111 today' }], max_tokens: 5 });
    expect(res.status).toBe(200);
    expect(upstream.received[0].body.messages.map((m: any) => m.content)).toEqual(['pay with [REDACTED:CREDIT_CARD]', '[REDACTED:CREDIT_CARD] today']);
    expectNoLeak();
  });

  it('does not join values across a hard boundary: whole values in one slot are found as alone', async () => {
    await restart({ DLP_ACTION: 'redact' });
    const res = await post(CHAT, { messages: [{ role: 'user', content: `a ${CARD}` }, { role: 'user', content: '22 more' }], max_tokens: 5 });
    expect(res.status).toBe(200);
    expect(upstream.received[0].body.messages.map((m: any) => m.content)).toEqual(['a [REDACTED:CREDIT_CARD]', '22 more']);
  });
});

describe('4. every billed token is counted', () => {
  const long = 'lorem ipsum dolor sit amet '.repeat(800); // ≈ 4,800 tokens, over the 4,000 cap
  it.each([
    ['a response_format schema', { response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { description: long } } } }],
    ['a prediction', { prediction: { type: 'content', content: long } }],
    ['tools', { tools: [{ type: 'function', function: { name: 'f', description: long } }] }],
    ['a tool_choice', { tool_choice: { type: 'function', function: { name: long.replace(/ /g, '_').slice(0, 30000) } } }],
  ])('refuses a prompt hidden in %s over the cap before the model sees it', async (_where, extra) => {
    const err = await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 100, ...extra }));
    expect(err).toMatchObject({ status: 400, code: 'max_tokens_exceeded' });
    expect(upstream.received).toHaveLength(0);
    expect((await usage()).spent_usd).toBe(0);
  });

  it('counts images at the model’s ceiling and refuses images it cannot count', async () => {
    const image = (detail: string) => ({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://img.example/a.png', detail } }] }], max_tokens: 10 });
    // gpt-4o-mini bills an image like gpt-4o does in money: 2,833 tokens at low detail, up to 48,169 at high.
    expect(await errorOf(await post(CHAT, image('high')))).toMatchObject({ status: 400, code: 'max_tokens_exceeded' });
    expect((await post(CHAT, image('low'))).status).toBe(200);
    expect(upstream.received).toHaveLength(1);
    await restart({ GATEWAY_DEPLOYMENTS: 'old=gpt-35-turbo@regional' });
    expect(await errorOf(await post('/openai/deployments/old/chat/completions', image('low')))).toMatchObject({ status: 400, code: 'image_not_countable' });
    expect(upstream.received).toHaveLength(1);
  });

  it('reserves what images cost, so the budget holds', async () => {
    // One low-detail image on gpt-4o-mini: ≥ 2,833 prompt tokens ≈ 425 µ$, over a 300 µ$ budget.
    await restart({ BUDGET_DAILY_USD: '0.0003' });
    const res = await post(CHAT, { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://img.example/a.png', detail: 'low' } }] }], max_tokens: 10 });
    expect(await errorOf(res)).toMatchObject({ status: 429, code: 'budget_exceeded', type: 'rate_limit_error' });
    expect(upstream.received).toHaveLength(0);
    expect(billedMicros()).toBeLessThanOrEqual(300);
  });

  it('counts embeddings token arrays by their length and validates their ids', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => 1000 + (i % 500));
    expect(await errorOf(await post('/openai/deployments/emb/embeddings', { input: many }))).toMatchObject({ status: 400, code: 'max_tokens_exceeded' });
    expect(await errorOf(await post('/openai/deployments/emb/embeddings', { input: [1, 2, 99_999_999] }))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(upstream.received).toHaveLength(0);
  });

  it('answers max_tokens with max_completion_tokens as OpenAI does: 400', async () => {
    const err = await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, max_completion_tokens: 5 }));
    expect(err).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(err.message).toContain('max_completion_tokens');
    expect(upstream.received).toHaveLength(0);
  });

  it('never lets concurrent hidden-prompt calls overshoot the budget', async () => {
    await restart({ BUDGET_DAILY_USD: '0.002' });
    const hiddenPrompt = 'lorem ipsum dolor '.repeat(800);
    // The model bills what it reads: the hidden prompt and the message, in full, and the whole completion.
    upstream.usage = { prompt_tokens: o200k.countTokens(hiddenPrompt) + 10, completion_tokens: 100 };
    const body = { messages: [{ role: 'user', content: 'hi' }], max_tokens: 100, prediction: { type: 'content', content: hiddenPrompt } };
    const results = await Promise.all(Array.from({ length: 20 }, () => post(CHAT, body)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(20);
    expect(upstream.billed).toHaveLength(ok);
    expect(billedMicros()).toBeLessThanOrEqual(2000);
    expect((await usage()).spent_usd).toBeLessThanOrEqual(0.002);
  });
});

describe('5. bounded work per request', () => {
  it('answers adversarial bodies within the size cap with a clear error, not a stall', async () => {
    const run = 'A'.repeat(900 * 1024); // one unbroken pre-token: quadratic for a BPE tokenizer
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: run }] }))).toMatchObject({ status: 400, code: 'max_tokens_exceeded' });
    const pieces = Array.from({ length: 20_000 }, () => ({ type: 'text', text: 'x' }));
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: pieces }] }))).toMatchObject({ status: 400, code: 'max_tokens_exceeded' });
    const deep = `{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}]}`;
    expect(await errorOf(await post(CHAT, deep))).toMatchObject({ status: 400, code: 'invalid_request', message: 'the body is nested deeper than 64 levels' });
    expect(upstream.received).toHaveLength(0);
  });

  it('refuses bodies that cost nothing to bill but much to read, before reading them', async () => {
    const hi = [{ role: 'user', content: 'hi' }];
    expect(await errorOf(await post(CHAT, { messages: hi, user: '4111 '.repeat(200_000) }))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await errorOf(await post(CHAT, { messages: hi, user: 'u'.repeat(257) }))).toMatchObject({ status: 400, code: 'invalid_request' });
    const bias = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), 1]));
    expect(await errorOf(await post(CHAT, { messages: hi, logit_bias: bias(80_000) }))).toMatchObject({ status: 400, code: 'invalid_request', message: 'logit_bias: at most 300 entries' });
    expect(await errorOf(await post(CHAT, { messages: hi, logit_bias: bias(301) }))).toMatchObject({ status: 400, code: 'invalid_request' });
    expect(await errorOf(await post(CHAT, { messages: hi, logit_bias: { 5: 101 } }))).toMatchObject({ status: 400, code: 'invalid_request' });
    const empties = `{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"examples":[${Array(300_000).fill('{}').join(',')}]}}}]}`;
    expect(await errorOf(await post(CHAT, empties))).toMatchObject({ status: 400, code: 'invalid_request', message: 'the body holds more than 50000 JSON objects and arrays' });
    // Brackets inside strings (escaped quotes included) are text, not structure.
    const bracketText = { messages: [{ role: 'user', content: `say "\\" ${'{['.repeat(60_000)}` }], max_tokens: 5 };
    expect(await errorOf(await post(CHAT, bracketText))).toMatchObject({ status: 400, code: 'max_tokens_exceeded' });
    const parts = Array.from({ length: 35_000 }, () => ({ type: 'text', text: '' }));
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: parts }] }))).toMatchObject({ status: 400, code: 'max_tokens_exceeded' });
    expect(upstream.received).toHaveLength(0);
    expect((await post(CHAT, { messages: hi, max_tokens: 5, user: 'caller-7', logit_bias: bias(300) })).status).toBe(200);
    expect(upstream.received).toHaveLength(1);
  });

  it('stops tokenizing once the cap is passed, and tokenizes long runs in bounded pieces', () => {
    const run = 'A'.repeat(200_000);
    const bounded = countText(run, 'o200k_base', 100);
    expect(bounded).toBeGreaterThan(100);
    expect(bounded).toBeLessThan(100 + 256); // at most one more piece than needed
    // Prose tokenizes in pieces exactly as it does whole.
    const prose = 'The quick brown fox jumps over the lazy dog. '.repeat(50);
    expect(countText(prose, 'o200k_base')).toBe(o200k.countTokens(prose));
  });
});

describe('6. no call is free', () => {
  let durable: RedisServer;
  beforeAll(async () => {
    durable = await RedisServer.start({ appendOnly: true });
  });
  afterAll(async () => durable?.stop());

  const calls = { GATEWAY_MAX_CALL_MS: '3000', AZURE_OPENAI_TIMEOUT_MS: '3000' };

  it('settles after Redis (append-only, fsync always) is killed mid-call and restarted', async () => {
    await durable.flush();
    await restart({ ...calls, REDIS_URL: durable.url, BUDGET_SETTLE_RETRIES: '12', BUDGET_SETTLE_BACKOFF_MS: '100' });
    upstream.usage = { prompt_tokens: 1000, completion_tokens: 500 };
    upstream.script.push('hold');
    const answer = post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 600 });
    while (upstream.holding === 0) await new Promise((r) => setTimeout(r, 10));
    await durable.kill(); // the reservation was fsynced before the call went out
    upstream.release();
    await new Promise((r) => setTimeout(r, 400)); // settle fails and backs off meanwhile
    await durable.launch();
    const res = await answer;
    expect(res.status).toBe(200);
    // The answer does not wait for the settle; the settle still lands once the store is back.
    await gw!.runtime.gateway.drain();
    const cost = costMicros({ promptTokens: 1000, completionTokens: 500 }, priceFor('gpt-4o-mini', 'global').price);
    expect(await usage()).toMatchObject({ requests: 1, spent_usd: cost / 1e6, reserved_usd: 0, prompt_tokens: 1000, completion_tokens: 500 });
    expect(gw!.logs.join('\n')).not.toContain('settle_failed');
    expect(audits()).toEqual([expect.objectContaining({ status: 200, promptTokens: 1000, completionTokens: 500, costUsd: cost / 1e6 })]);
  });

  it('charges a reservation in full when its settle never lands', async () => {
    await durable.flush();
    await restart({ ...calls, REDIS_URL: durable.url, BUDGET_SETTLE_RETRIES: '1', BUDGET_SETTLE_BACKOFF_MS: '50', BUDGET_RESERVATION_TTL_MS: '4500' });
    upstream.script.push('hold');
    const answer = post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 600 });
    while (upstream.holding === 0) await new Promise((r) => setTimeout(r, 10));
    await durable.kill();
    upstream.release();
    expect((await answer).status).toBe(200); // the answer is not lost
    await gw!.runtime.gateway.drain(); // the settle runs after the answer, and fails
    const requestId = audits()[0].requestId;
    expect(gw!.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'aoai.gateway.settle_failed')).toEqual([
      { event: 'aoai.gateway.settle_failed', requestId, error: 'BudgetUnavailableError' },
    ]);
    expect(audits()).toHaveLength(1); // one audit event, emitted with the answer
    await durable.launch();
    const reserved = (await usage()).reserved_usd;
    expect(reserved).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 4600));
    expect(await usage()).toMatchObject({ requests: 1, reserved_usd: 0, spent_usd: reserved });
  });

  it('aborts a stream that goes quiet and charges its worst case', async () => {
    await restart({ AZURE_OPENAI_STREAM_IDLE_TIMEOUT_MS: '300' });
    upstream.script.push('stall');
    const res = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 50, stream: true });
    const text = await res.text();
    expect(text).toContain('"code":"upstream_idle_timeout"');
    const spent = (await usage()).spent_usd;
    expect(spent).toBeGreaterThan(0);
    expect(audits()[0]).toMatchObject({ status: 504, errorCode: 'upstream_idle_timeout' });
  });

  it.each([
    ['times out', 'hang'],
    ['fails with a 5xx', '500'],
  ] as const)('charges the worst case, once, when the model %s (it may still bill), and does not retry it', async (_what, mode) => {
    await restart({ AZURE_OPENAI_TIMEOUT_MS: '300', AZURE_OPENAI_MAX_RETRIES: '2' });
    upstream.script.push(mode, mode, mode);
    const err = await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 50 }));
    expect(err.status).toBe(mode === 'hang' ? 504 : 502);
    expect(upstream.received).toHaveLength(1);
    expect(audits()[0]).toMatchObject({ completionTokens: 50 });
    const reservedPrompt = audits()[0].promptTokens;
    expect(reservedPrompt).toBeGreaterThan(0);
    const worst = costMicros({ promptTokens: reservedPrompt, completionTokens: 50 }, priceFor('gpt-4o-mini', 'global').price);
    expect(await usage()).toMatchObject({ requests: 1, reserved_usd: 0, spent_usd: worst / 1e6 });
  });

  it('never retries a stream start that failed with a 5xx: one attempt, charged the worst case once', async () => {
    await restart({ AZURE_OPENAI_MAX_RETRIES: '2' });
    upstream.script.push('500', '500', '500');
    const res = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 50, stream: true });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { code: 'upstream_error' } });
    expect(upstream.received).toHaveLength(1);
    const worst = costMicros({ promptTokens: audits()[0].promptTokens, completionTokens: 50 }, priceFor('gpt-4o-mini', 'global').price);
    expect(await usage()).toMatchObject({ requests: 1, reserved_usd: 0, spent_usd: worst / 1e6 });
  });

  it('gives the reservation back only when the model certainly billed nothing: rate limited, or never reached', async () => {
    await restart({ AZURE_OPENAI_MAX_RETRIES: '2' });
    upstream.script.push('429', '429', '429');
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 50 }))).toMatchObject({ status: 429 });
    expect(upstream.received).toHaveLength(3);
    expect(await usage()).toMatchObject({ reserved_usd: 0, spent_usd: 0 });
    await restart({ AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:1', AZURE_OPENAI_MAX_RETRIES: '1' });
    expect(await errorOf(await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 50 }))).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    expect(await usage()).toMatchObject({ reserved_usd: 0, spent_usd: 0 });
  });

  it('refuses a reservation lifetime shorter than the longest call', async () => {
    await expect(restart({ GATEWAY_MAX_CALL_MS: '60000', BUDGET_RESERVATION_TTL_MS: '30000' })).rejects.toThrow(/BUDGET_RESERVATION_TTL_MS: must be at least/);
  });
});

describe('7. output governance', () => {
  beforeEach(async () => {
    await restart({ DLP_SCAN_COMPLETIONS: 'true' });
  });

  it('redacts every output field and drops logprobs that spell the value', async () => {
    upstream.reply = { content: `your card ${CARD}`, refusal: `I cannot share ${PAT}`, toolArguments: `{"card":"${CARD}"}`, logprobs: true };
    const res = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 50 });
    const body = (await res.json()) as any;
    const choice = body.choices[0];
    expect(choice.message.content).toBe('your card [REDACTED:CREDIT_CARD]');
    expect(choice.message.refusal).toBe('I cannot share [REDACTED:SECRET]');
    expect(choice.message.tool_calls[0].function.arguments).toBe('{"card":"[REDACTED:CREDIT_CARD]"}');
    expect(choice.logprobs).toBeNull();
    expect(JSON.stringify(body)).not.toContain('4111');
    expectNoLeak();
    expect(audits()[0].dlp.findings).toMatchObject({ 'completion:CREDIT_CARD': 2, 'completion:SECRET:github-pat': 1 });
  });

  it('redacts a value split across stream chunks before it leaves, and lets the text before the window flow', async () => {
    const filler = 'The deployment finished and the report is ready for review. '.repeat(30); // ≈ 1,800 characters
    upstream.reply = { deltas: [...filler.match(/.{1,40}/g)!, 'card 4111 11', '11 1111 1', '111 and more', ' text after.'], logprobs: true };
    const res = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 900, stream: true });
    const events = (await res.text()).split('\n\n').filter((e) => e.startsWith('data: {')).map((e) => JSON.parse(e.slice(6)));
    const contents = events.map((e) => e.choices?.[0]?.delta?.content ?? '');
    const text = contents.join('');
    expect(text).toBe(`${filler}card [REDACTED:CREDIT_CARD] and more text after.`);
    // Text before the hold-back window left before the stream ended.
    const firstText = contents.findIndex((c) => c.length > 0);
    expect(firstText).toBeGreaterThan(0);
    expect(firstText).toBeLessThan(contents.length - 10);
    expect(events.every((e) => !e.choices?.[0]?.logprobs)).toBe(true);
    expectNoLeak();
    expect(withoutIds(JSON.stringify(events))).not.toContain('4111');
  });
});

describe('8. audit hygiene', () => {
  it('logs unknown deployments as unknown and unsafe client ids as keyed hashes', async () => {
    await post(`/openai/deployments/${encodeURIComponent(`x${CARD}`)}/chat/completions`, { messages: [{ role: 'user', content: 'hi' }] }, { 'x-ms-client-request-id': `id ${CARD}` });
    await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }, { 'x-ms-client-request-id': '7f9c3c5e-1f5b-4b7e-9d1c-2a3b4c5d6e7f' });
    const [unknown, ok] = audits();
    expect(unknown).toMatchObject({ status: 404, deployment: 'unknown', model: null, dlp: { action: 'not_scanned', findings: {} } });
    expect(unknown.clientRequestId).toMatch(/^hmac:[0-9a-f]{32}$/);
    expect(ok).toMatchObject({ status: 200, deployment: 'chat', clientRequestId: '7f9c3c5e-1f5b-4b7e-9d1c-2a3b4c5d6e7f', dlp: { action: 'allow' } });
    expectNoLeak();
  });

  it('keeps a client request id only when it is a UUID, and hashes card-, SSN- and key-shaped ids', async () => {
    const ids = ['4111111111111111', '078-05-1120', 'AKIAIOSFODNN7EXAMPLE', 'short-plain-id', '7F9C3C5E-1F5B-4B7E-9D1C-2A3B4C5D6E7F'];
    for (const id of ids) expect((await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }, { 'x-ms-client-request-id': id })).status).toBe(200);
    const logged = audits().map((a) => a.clientRequestId);
    expect(logged.slice(0, 4).every((id: string) => /^hmac:[0-9a-f]{32}$/.test(id))).toBe(true);
    expect(new Set(logged.slice(0, 4)).size).toBe(4);
    expect(logged[4]).toBe('7F9C3C5E-1F5B-4B7E-9D1C-2A3B4C5D6E7F');
    const logs = gw!.logs.join('\n');
    for (const id of ids.slice(0, 4)) expect(logs).not.toContain(id);
  });

  it('records nothing request-derived for unauthenticated calls', async () => {
    const res = await fetch(`${gw!.url}/openai/deployments/${encodeURIComponent(PAT)}/chat/completions?api-version=${API}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ms-client-request-id': PAT },
      body: JSON.stringify({ messages: [{ role: 'user', content: CARD }] }),
    });
    expect(await errorOf(res)).toMatchObject({ status: 401, type: 'authentication_error' });
    expect(audits()[0]).toMatchObject({ caller: null, deployment: null, model: null, clientRequestId: null, dlp: { action: 'not_scanned' } });
    expectNoLeak();
  });
});

describe('9. key endpoint failures', () => {
  let keys: Server;
  let mode: 'status' | 'garbage' | 'hang' | 'not-a-set' = 'status';
  let keysUrl = '';
  beforeAll(async () => {
    keys = createServer((_req, res) => {
      if (mode === 'hang') return;
      if (mode === 'status') return void res.writeHead(503).end('unavailable');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(mode === 'garbage' ? '<html>oops' : JSON.stringify({ nope: [] }));
    });
    await new Promise<void>((r) => keys.listen(0, '127.0.0.1', () => r()));
    keysUrl = `http://127.0.0.1:${(keys.address() as { port: number }).port}/keys`;
  });
  afterAll(async () => {
    keys.closeAllConnections();
    await new Promise((r) => keys.close(r));
  });

  it.each(['status', 'garbage', 'not-a-set', 'hang'] as const)('answers 503 with retry-after when the JWKS endpoint fails (%s)', async (m) => {
    mode = m;
    await restart({ ENTRA_JWKS_URI: keysUrl, ENTRA_JWKS_TIMEOUT_MS: '300' });
    const res = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
    expect(await errorOf(res)).toMatchObject({ status: 503, code: 'identity_provider_unavailable', type: 'server_error' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(upstream.received).toHaveLength(0);
  });
});
