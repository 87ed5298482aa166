import { AzureOpenAI } from 'openai';
import { FakeAzureOpenAI } from '../helpers/fake-azure-openai';
import { LoopbackIssuer } from '../helpers/issuer';
import { RedisServer } from '../helpers/redis-server';
import { loopbackGatewayEnv, startGateway, type RunningGateway } from '../helpers/gateway';
import { costMicros, priceFor } from '../../function/src/cost';
import { withoutIds } from '../helpers/ids';

let upstream: FakeAzureOpenAI;
let issuer: LoopbackIssuer;
let redis: RedisServer;
let gw: RunningGateway;
let token: string;

const API_VERSION = '2024-10-21';
const CARD = '4111 1111 1111 1111';

function env(extra: Record<string, string> = {}): Record<string, string> {
  return loopbackGatewayEnv({ upstream, issuer, redis }, {
    AZURE_OPENAI_MAX_RETRIES: '2',
    AZURE_OPENAI_TIMEOUT_MS: '1500',
    GATEWAY_REQUIRED_ROLE: 'Gateway.Invoke',
    GATEWAY_DEPLOYMENTS: 'chat=gpt-4o-mini@global,emb=text-embedding-3-small@global',
    ...extra,
  });
}

const client = (t = token) => new AzureOpenAI({ endpoint: gw.url, apiVersion: API_VERSION, azureADTokenProvider: async () => t, maxRetries: 0 });
const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${gw.url}${path}?api-version=${API_VERSION}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const chatBody = (content: string, extra: Record<string, unknown> = {}) => ({ messages: [{ role: 'user', content }], ...extra });

beforeAll(async () => {
  [upstream, issuer, redis] = await Promise.all([new FakeAzureOpenAI().start(), new LoopbackIssuer().start(), RedisServer.start()]);
  token = await issuer.token();
});
afterAll(async () => {
  await Promise.all([upstream?.stop(), issuer?.stop(), redis?.stop()]);
});
beforeEach(async () => {
  upstream.received.length = 0;
  upstream.script.length = 0;
  upstream.usage = { prompt_tokens: 21, completion_tokens: 7 };
  await redis.flush();
  gw = await startGateway(env());
});
afterEach(async () => {
  await gw.close();
});

describe('the Azure OpenAI surface', () => {
  it('serves the official AzureOpenAI client unchanged, forwarding to the deployment', async () => {
    const answer = await client().chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 50 });
    expect(answer.choices[0].message.content).toBe('Hello from the loopback model.');
    expect(upstream.received).toHaveLength(1);
    expect(upstream.received[0]).toMatchObject({ path: '/openai/deployments/chat/chat/completions', body: { messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 50 } });
    expect(upstream.received[0].query.get('api-version')).toBe(API_VERSION);
    expect(upstream.received[0].headers.authorization).toBeUndefined(); // the caller's token never travels upstream
  });

  it('reuses its keep-alive connections to the model service for plain calls', async () => {
    upstream.connections.clear();
    for (let i = 0; i < 20; i++) expect((await post('/openai/deployments/chat/chat/completions', chatBody('hi', { max_tokens: 5 }))).status).toBe(200);
    expect(upstream.received).toHaveLength(20);
    expect(upstream.connections.size).toBe(1);
  });

  it('caps a request without max_tokens at the per-request ceiling', async () => {
    await client().chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'Say hello.' }] });
    const sent = upstream.received[0].body.max_tokens;
    expect(sent).toBeGreaterThan(3900);
    expect(sent).toBeLessThan(4000);
  });

  it('serves embeddings and legacy completions', async () => {
    const e = await client().embeddings.create({ model: 'emb', input: ['alpha', 'beta'] });
    expect(e.data).toHaveLength(2);
    expect(e.data[0].embedding.map((x) => +x.toFixed(3))).toEqual([0.1, 0.2, 0.3]);
    const c = await client().completions.create({ model: 'chat', prompt: 'Finish this sentence', max_tokens: 10 });
    expect(c.choices[0].text).toBe(' done.');
  });

  it('streams, charging exactly the usage the model reported, and strips the usage chunk nobody asked for', async () => {
    upstream.usage = { prompt_tokens: 33, completion_tokens: 44 };
    const stream = await client().chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'Stream please.' }], stream: true, max_tokens: 100 });
    let text = '';
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      text += chunk.choices[0]?.delta?.content ?? '';
    }
    expect(text).toBe('Hello world');
    expect(chunks.every((c) => c.choices.length > 0 && !('usage' in c))).toBe(true);
    expect(upstream.received[0].body.stream_options).toEqual({ include_usage: true });
    const usage = (await (await fetch(`${gw.url}/usage`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    expect(usage.daily).toMatchObject({ requests: 1, prompt_tokens: 33, completion_tokens: 44, reserved_usd: 0 });
    expect(usage.daily.spent_usd).toBeCloseTo(Math.ceil(33 * 0.15 + 44 * 0.6) / 1e6, 12);
  });

  it('keeps the usage chunk when the caller asked for it', async () => {
    const stream = await client().chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true }, max_tokens: 10 });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 21, completion_tokens: 7 } });
  });

  it('reports usage per window and per caller, and answers health checks', async () => {
    await client().chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
    const res = await fetch(`${gw.url}/usage`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as any;
    expect(Object.keys(body.daily).sort()).toEqual(['completion_tokens', 'limit_usd', 'prompt_tokens', 'requests', 'reserved_usd', 'resets_at', 'spent_usd', 'window']);
    expect(body.daily.limit_usd).toBe(50);
    expect(body.monthly.limit_usd).toBe(500);
    expect(body.caller).toMatchObject({ id: 'caller-oid-1', daily: { requests: expect.any(Number) } });
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });
});

describe('errors in OpenAI’s shape', () => {
  const errorOf = async (res: Response) => ({ status: res.status, ...((await res.json()) as any).error });

  it('400 for malformed JSON and for a body that is not a chat request', async () => {
    expect(await errorOf(await post('/openai/deployments/chat/chat/completions', '{not json'))).toMatchObject({ status: 400, code: 'invalid_json', type: 'invalid_request_error' });
    expect(await errorOf(await post('/openai/deployments/chat/chat/completions', { prompt: 'hi' }))).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('401 for a missing, expired, wrong-audience, wrong-key or alg:none token', async () => {
    const bad = [
      undefined,
      await issuer.token({ expiresIn: Math.floor(Date.now() / 1000) - 3600 }),
      await issuer.token({ audience: 'api://someone-else' }),
      await issuer.token({ wrongKey: true }),
      issuer.unsigned(),
      await issuer.token({ issuer: 'https://evil.example/v2.0' }),
    ];
    for (const t of bad) {
      const res = await fetch(`${gw.url}/openai/deployments/chat/chat/completions?api-version=${API_VERSION}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) },
        body: JSON.stringify(chatBody('hi')),
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.type).toBe('authentication_error');
    }
    expect(upstream.received).toHaveLength(0);
  });

  it('403 for a caller without the app role (who may still read its usage)', async () => {
    const roleless = await issuer.token({ roles: [], oid: 'no-role-oid' });
    const res = await post('/openai/deployments/chat/chat/completions', chatBody('hi'), { authorization: `Bearer ${roleless}` });
    expect(await errorOf(res)).toMatchObject({ status: 403, code: 'permission_denied' });
    expect(upstream.received).toHaveLength(0);
    const usage = await fetch(`${gw.url}/usage`, { headers: { authorization: `Bearer ${roleless}` } });
    expect(usage.status).toBe(200);
    expect(((await usage.json()) as any).caller.id).toBe('no-role-oid');
    expect((await fetch(`${gw.url}/usage`)).status).toBe(401);
  });

  it('404 for an unknown or malformed deployment', async () => {
    expect(await errorOf(await post('/openai/deployments/nope/chat/completions', chatBody('hi')))).toMatchObject({ status: 404, code: 'DeploymentNotFound' });
    expect(await errorOf(await post('/openai/deployments/%E0%A4%A/chat/completions', chatBody('hi')))).toMatchObject({ status: 404, code: 'DeploymentNotFound' });
  });

  it('scans tool-call arguments the caller sends back, not only message text', async () => {
    const body = {
      messages: [
        { role: 'user', content: 'book it' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'pay', arguments: `{"card":"${CARD}"}` } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      ],
      max_tokens: 5,
    };
    expect(await errorOf(await post('/openai/deployments/chat/chat/completions', body))).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(upstream.received).toHaveLength(0);
  });

  it('413 for a body over the limit', async () => {
    const res = await post('/openai/deployments/chat/chat/completions', chatBody('x'.repeat(1024 * 1024 + 10)));
    expect(await errorOf(res)).toMatchObject({ status: 413, code: 'request_too_large' });
  });

  it('400 sensitive_data_detected naming types, never values; the prompt never reaches the model or the logs', async () => {
    const secret = 'ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl';
    const res = await post('/openai/deployments/chat/chat/completions', chatBody(`charge ${CARD} and use ${secret}`));
    const err = await errorOf(res);
    expect(err).toMatchObject({ status: 400, code: 'sensitive_data_detected' });
    expect(err.message).toContain('CREDIT_CARD (1)');
    expect(err.message).toContain('SECRET:github-pat (1)');
    expect(JSON.stringify(err)).not.toContain('4111');
    expect(upstream.received).toHaveLength(0);
    const logs = gw.logs.join('\n');
    expect(withoutIds(logs)).not.toContain('4111');
    expect(logs).not.toContain(secret);
    const audit = gw.logs.map((l) => JSON.parse(l)).find((e) => e.event === 'aoai.gateway.request');
    expect(audit).toMatchObject({ status: 400, errorCode: 'sensitive_data_detected', dlp: { action: 'block', findings: { CREDIT_CARD: 1, 'SECRET:github-pat': 1 } }, caller: 'caller-oid-1' });
  });

  it('429 with Retry-After when the budget is spent', async () => {
    await gw.close();
    gw = await startGateway(env({ BUDGET_DAILY_USD: '0.0001' }));
    const res = await post('/openai/deployments/chat/chat/completions', chatBody('hi', { max_tokens: 2000 }));
    expect(await errorOf(res)).toMatchObject({ status: 429, code: 'budget_exceeded', type: 'rate_limit_error' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('retries an upstream 429 and succeeds', async () => {
    upstream.script.push('429');
    const res = await post('/openai/deployments/chat/chat/completions', chatBody('hi', { max_tokens: 5 }));
    expect(res.status).toBe(200);
    expect(upstream.received).toHaveLength(2);
  });

  it('502 when the model service fails, not retried and charged at the reserved worst case (a 5xx may still be billed)', async () => {
    upstream.script.push('500', '500', '500');
    expect(await errorOf(await post('/openai/deployments/chat/chat/completions', chatBody('hi', { max_tokens: 5 })))).toMatchObject({ status: 502, code: 'upstream_error' });
    expect(upstream.received).toHaveLength(1);
    const usage = (await (await fetch(`${gw.url}/usage`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    expect(usage.daily.reserved_usd).toBe(0);
    expect(usage.daily.spent_usd).toBeGreaterThan(0);
  });

  it('504 when the model service does not answer in time', async () => {
    await gw.close();
    gw = await startGateway(env({ AZURE_OPENAI_TIMEOUT_MS: '200', AZURE_OPENAI_MAX_RETRIES: '0' }));
    upstream.script.push('hang');
    expect(await errorOf(await post('/openai/deployments/chat/chat/completions', chatBody('hi', { max_tokens: 5 })))).toMatchObject({ status: 504, code: 'upstream_timeout' });
  });

  it('503 when the model service is down, releasing the reservation', async () => {
    await gw.close();
    gw = await startGateway(env({ AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:1', AZURE_OPENAI_MAX_RETRIES: '0' }));
    expect(await errorOf(await post('/openai/deployments/chat/chat/completions', chatBody('hi', { max_tokens: 5 })))).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    const usage = (await (await fetch(`${gw.url}/usage`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    expect(usage.daily.reserved_usd).toBe(0);
  });
});

describe('policy and budgets end to end', () => {
  const SAME_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
  it('charges every call, even when a caller repeats its own request id', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await post('/openai/deployments/chat/chat/completions', chatBody('hi', { max_tokens: 5 }), { 'x-ms-client-request-id': SAME_ID });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const usage = (await (await fetch(`${gw.url}/usage`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    expect(usage.daily.requests).toBe(3);
    const audits = gw.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'aoai.gateway.request');
    expect(audits.map((a) => a.clientRequestId)).toEqual([SAME_ID, SAME_ID, SAME_ID]);
    expect(new Set(audits.map((a) => a.requestId)).size).toBe(3);
  });

  it('redacts instead of blocking when DLP_ACTION=redact', async () => {
    await gw.close();
    gw = await startGateway(env({ DLP_ACTION: 'redact' }));
    const res = await post('/openai/deployments/chat/chat/completions', chatBody(`mail jane.doe@example.com about ${CARD}`, { max_tokens: 5 }));
    expect(res.status).toBe(200);
    expect(upstream.received[0].body.messages[0].content).toBe('mail [REDACTED:EMAIL_ADDRESS] about [REDACTED:CREDIT_CARD]');
  });

  it('100 concurrent calls against a small budget never overshoot', async () => {
    await gw.close();
    // Each call reserves about 0.00062 USD (gpt-4o-mini, max_tokens 1000) and spends 0.0006015.
    upstream.usage = { prompt_tokens: 10, completion_tokens: 1000 };
    gw = await startGateway(env({ BUDGET_DAILY_USD: '0.005' }));
    const results = await Promise.all(Array.from({ length: 100 }, () => post('/openai/deployments/chat/chat/completions', chatBody('hello', { max_tokens: 1000 }))));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(100);
    const usage = (await (await fetch(`${gw.url}/usage`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    expect(usage.daily.requests).toBe(ok);
    expect(usage.daily.spent_usd).toBeLessThanOrEqual(0.005);
    expect(usage.daily.reserved_usd).toBe(0);
    expect(upstream.received).toHaveLength(ok);
  });
});

describe('settling after the answer', () => {
  const CHAT = '/openai/deployments/chat/chat/completions';
  const daily = async () => ((await (await fetch(`${gw.url}/usage`, { headers: { authorization: `Bearer ${token}` } })).json()) as any).daily;
  const audits = () => gw.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'aoai.gateway.request');
  const price = priceFor('gpt-4o-mini', 'global').price;

  it('records the call in Redis and emits its one audit event with the cost the settle records', async () => {
    upstream.script.push('hold');
    const answer = post(CHAT, chatBody('hi', { max_tokens: 1000 }));
    while (upstream.holding === 0) await new Promise((r) => setTimeout(r, 5));
    const during = await daily();
    expect(during).toMatchObject({ requests: 0, spent_usd: 0 });
    expect(during.reserved_usd).toBeGreaterThan(0.0006); // the worst case: 1000 completion tokens at $0.60/M
    upstream.release();
    const res = await answer;
    expect(res.status).toBe(200);
    const cost = costMicros({ promptTokens: 21, completionTokens: 7 }, price) / 1e6;
    await gw.runtime.gateway.drain(); // the settle runs after the answer
    expect(await daily()).toMatchObject({ requests: 1, spent_usd: cost, reserved_usd: 0, prompt_tokens: 21, completion_tokens: 7 });
    expect(audits()).toEqual([
      expect.objectContaining({ requestId: res.headers.get('x-request-id'), status: 200, promptTokens: 21, completionTokens: 7, costUsd: cost }),
    ]);
    expect(gw.logs.join('\n')).not.toContain('settle_failed');
  });

  it('leaves the next call the budget the actual cost leaves, and refuses it once actual spend leaves too little', async () => {
    // One call's worst case, as reserved while it runs.
    upstream.script.push('hold');
    const first = post(CHAT, chatBody('hello', { max_tokens: 1000 }));
    while (upstream.holding === 0) await new Promise((r) => setTimeout(r, 5));
    const worstUsd = (await daily()).reserved_usd;
    upstream.release();
    expect((await first).status).toBe(200);
    await gw.close();
    await redis.flush();
    // Room for one worst case and a half: a second call fits only once the first was settled at its actual cost.
    // Nothing waits for the settles here: the server has the scripts (the first instance's settle was
    // drained by close), so each settle reaches Redis before the next call's reservation, on one connection.
    gw = await startGateway(env({ BUDGET_DAILY_USD: String(1.5 * worstUsd) }));
    expect((await post(CHAT, chatBody('hello', { max_tokens: 1000 }))).status).toBe(200);
    expect((await post(CHAT, chatBody('hello', { max_tokens: 1000 }))).status).toBe(200);
    // A call that really spends 900 completion tokens: the next worst case no longer fits beside it.
    upstream.usage = { prompt_tokens: 21, completion_tokens: 900 };
    expect((await post(CHAT, chatBody('hello', { max_tokens: 1000 }))).status).toBe(200);
    const refused = await post(CHAT, chatBody('hello', { max_tokens: 1000 }));
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).error.code).toBe('budget_exceeded');
    const spent = 2 * costMicros({ promptTokens: 21, completionTokens: 7 }, price) + costMicros({ promptTokens: 21, completionTokens: 900 }, price);
    expect(await daily()).toMatchObject({ requests: 3, spent_usd: spent / 1e6, reserved_usd: 0 });
    expect(audits().map((a) => a.status)).toEqual([200, 200, 200, 429]);
  });
});
