/**
 * Forwarding the caller's own bytes, attacked: bodies JSON.parse, the allow-list and DLP read one way
 * and another parser (first key wins, case-insensitive, lenient) could read another. Judged by the
 * bytes the loopback model received: nothing DLP did not scan reaches it.
 */
import { checkJsonShape } from '../../function/src/core/body';
import { bodyParser } from '../../function/src/core/requests';
import { FakeAzureOpenAI } from '../helpers/fake-azure-openai';
import { LoopbackIssuer } from '../helpers/issuer';
import { RedisServer } from '../helpers/redis-server';
import { loopbackGatewayEnv, startGateway, type RunningGateway } from '../helpers/gateway';

jest.setTimeout(30_000);

let upstream: FakeAzureOpenAI;
let issuer: LoopbackIssuer;
let redis: RedisServer;
let gw: RunningGateway | undefined;
let token: string;

const CHAT = '/openai/deployments/chat/chat/completions?api-version=2024-10-21';
const CARD = '4111 1111 1111 1111';
const msgs = '"messages": [{"role": "user", "content": "hello"}]';

async function send(body: string | Buffer): Promise<{ status: number; sent?: Buffer; code?: string }> {
  upstream.received.length = 0;
  const res = await fetch(`${gw!.url}${CHAT}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  const reply = (await res.json()) as { error?: { code: string } };
  return { status: res.status, sent: upstream.received[0]?.bytes, code: reply.error?.code };
}

beforeAll(async () => {
  [upstream, issuer, redis] = await Promise.all([new FakeAzureOpenAI().start(), new LoopbackIssuer().start(), RedisServer.start()]);
  token = await issuer.token();
  gw = await startGateway(loopbackGatewayEnv({ upstream, issuer, redis }, { GATEWAY_DEPLOYMENTS: 'chat=gpt-4o-mini@global' }));
});
afterAll(async () => {
  await gw?.close();
  await Promise.all([upstream?.stop(), issuer?.stop(), redis?.stop()]);
});

describe('a "__proto__" key', () => {
  it('the allow-list drops it from a record without reading its value', () => {
    // zod's record skips an own "__proto__" key: neither its key nor its value is validated, and the
    // validated body (what DLP scanned) does not have it, while the caller's bytes still do.
    const parsed = bodyParser('chat')(JSON.parse(`{${msgs}, "logit_bias": {"__proto__": "${CARD}"}}`));
    expect(Object.keys(parsed.logit_bias as object)).toEqual([]);
  });

  it('is never forwarded as sent: text in a dropped record entry never reaches the model unscanned', async () => {
    const body = `{"max_tokens": 5, ${msgs}, "logit_bias": {"__proto__": "${CARD}", "50256": -100}}`;
    const { status, sent } = await send(body);
    expect(status).toBe(200);
    expect(sent!.toString()).not.toContain('4111');
    expect(JSON.parse(sent!.toString()).logit_bias).toEqual({ '50256': -100 });
  });

  it('hides nothing from DLP inside a tool schema (read as written, key and value)', async () => {
    const body = `{"max_tokens": 5, ${msgs}, "tools": [{"type": "function", "function": {"name": "f", "parameters": {"__proto__": {"note": "${CARD}"}}}}]}`;
    const { status, sent, code } = await send(body);
    expect([status, code]).toEqual([400, 'sensitive_data_detected']);
    expect(sent).toBeUndefined();
  });

  it('counts as a key that is not distinct in the shape pass', () => {
    expect(checkJsonShape('{"a":{"__proto__":1}}')).toBe(false);
    expect(checkJsonShape('{"__proto__x":1,"x__proto__":2}')).toBe(true);
    // Only as a key: the same text as a value, or in an array, is any other string.
    expect(checkJsonShape('{"a":"__proto__","b":["__proto__",{"c":"__proto__"}]}')).toBe(true);
  });
});

describe('attacks that the allow-list or the shape pass refuse', () => {
  it.each([
    ['a key repeated by case', `{"max_tokens": 5, "messages": [{"role": "user", "content": "hello", "Content": "${CARD}"}]}`],
    ['a top-level key repeated by case', `{"max_tokens": 5, ${msgs}, "Messages": [{"role": "user", "content": "${CARD}"}]}`],
    ['a full-width key', `{"max_tokens": 5, "messages": [{"role": "user", "content": "hello", "\uff43ontent": "${CARD}"}]}`],
    ['a key with a trailing zero-width space', `{"max_tokens": 5, "messages": [{"role": "user", "content": "hello", "content\u200b": "${CARD}"}]}`],
    ['a "__proto__" on a strict object', `{"max_tokens": 5, "messages": [{"role": "user", "content": "hello", "__proto__": {"content": "${CARD}"}}]}`],
    ['a "constructor" key', `{"max_tokens": 5, ${msgs}, "constructor": "${CARD}"}`],
  ])('%s: 400, nothing sent', async (_name, body) => {
    const { status, sent } = await send(body);
    expect(status).toBe(400);
    expect(sent).toBeUndefined();
  });

  it.each([
    ['a byte-order mark', `\ufeff{"max_tokens": 5, ${msgs}}`],
    ['a comment', `{"max_tokens": 5, /* ${CARD} */ ${msgs}}`],
    ['trailing garbage', `{"max_tokens": 5, ${msgs}} {"messages": [{"role": "user", "content": "${CARD}"}]}`],
    ['a raw NUL byte in a string', `{"max_tokens": 5, "messages": [{"role": "user", "content": "a\u0000b"}]}`],
    ['a number past the double range', `{"max_tokens": 5, ${msgs}, "temperature": 1e400}`],
  ])('%s: 400, nothing sent', async (_name, body) => {
    const { status, sent } = await send(body);
    expect(status).toBe(400);
    expect(sent).toBeUndefined();
  });

  it('never forwards UTF-8 for a surrogate half (CESU-8) as it came', async () => {
    const body = Buffer.concat([Buffer.from(`{"max_tokens": 5, "messages": [{"role": "user", "content": "a`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('b"}]}')]);
    const { status, sent } = await send(body);
    expect(status).toBe(200);
    expect(sent!.includes(Buffer.from([0xed, 0xa0, 0x80]))).toBe(false);
  });

  it('never forwards overlong UTF-8 as it came (an overlong quote cannot end a string for another decoder)', async () => {
    const body = Buffer.concat([Buffer.from(`{"max_tokens": 5, "messages": [{"role": "user", "content": "a`), Buffer.from([0xc0, 0xa2]), Buffer.from('b"}]}')]);
    const { status, sent } = await send(body);
    expect(status).toBe(200);
    expect(sent!.includes(Buffer.from([0xc0, 0xa2]))).toBe(false);
  });

  it('a stream: null body is serialized again with stream false (never forwarded as sent)', async () => {
    const body = `{"max_tokens": 5, ${msgs}, "stream": null}`;
    const { status, sent } = await send(body);
    expect(status).toBe(200);
    expect(JSON.parse(sent!.toString()).stream).toBe(false);
  });

  it('a max_tokens written as a fraction that rounds to an integer is forwarded as the integer the gateway priced', async () => {
    // 4.0000000000000001 parses to 4: another decoder (decimal) would still read a value no larger than 4.
    const body = `{"max_tokens": 4.0000000000000001, ${msgs}}`;
    const { status } = await send(body);
    expect(status).toBe(200);
  });
});
