import fc from 'fast-check';
import { checkJsonShape } from '../../function/src/core/body';
import { FakeAzureOpenAI } from '../helpers/fake-azure-openai';
import { LoopbackIssuer } from '../helpers/issuer';
import { RedisServer } from '../helpers/redis-server';
import { loopbackGatewayEnv, startGateway, type RunningGateway } from '../helpers/gateway';

/*
 * A body DLP allowed and nothing rewrote goes upstream as the caller's own bytes; any other body as
 * the serialization of what the gateway validated and scanned. The bytes the loopback model receives
 * are compared with the bytes sent.
 */

let upstream: FakeAzureOpenAI;
let issuer: LoopbackIssuer;
let redis: RedisServer;
let gw: RunningGateway;
let token: string;

const CHAT = '/openai/deployments/chat/chat/completions?api-version=2024-10-21';
const EMB = '/openai/deployments/emb/embeddings?api-version=2024-10-21';

async function start(settings: Record<string, string> = {}) {
  gw = await startGateway(loopbackGatewayEnv({ upstream, issuer, redis }, { GATEWAY_DEPLOYMENTS: 'chat=gpt-4o-mini@global,emb=text-embedding-3-small@global', ...settings }));
}

async function send(path: string, body: string | Buffer): Promise<{ status: number; sent?: Buffer }> {
  upstream.received.length = 0;
  const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  return { status: res.status, sent: upstream.received[0]?.bytes };
}

beforeAll(async () => {
  [upstream, issuer, redis] = await Promise.all([new FakeAzureOpenAI().start(), new LoopbackIssuer().start(), RedisServer.start()]);
  token = await issuer.token();
});
afterAll(async () => {
  await Promise.all([upstream?.stop(), issuer?.stop(), redis?.stop()]);
});
afterEach(async () => {
  await gw?.close();
});

describe('forwarding the caller\'s own bytes', () => {
  beforeEach(() => start());

  it('sends an allowed chat body that nothing rewrote byte for byte, spacing, order and escapes included', async () => {
    const body = '{ "max_tokens" : 20,\n  "messages": [ {"content": "Caf\\u00e9 \\"notes\\" \\ud83d\\ude00 caf\u00e9", "role": "user"} ], "temperature": 0.50 }';
    const { status, sent } = await send(CHAT, body);
    expect(status).toBe(200);
    expect(sent).toEqual(Buffer.from(body));
  });

  it('sends an allowed embeddings body as it came', async () => {
    const body = '{"input":["alpha", "beta"],"dimensions":3}';
    const { status, sent } = await send(EMB, body);
    expect(status).toBe(200);
    expect(sent).toEqual(Buffer.from(body));
  });

  it('serializes again a body the gateway rewrote: the completion cap added, the model field dropped', async () => {
    const uncapped = '{"messages": [{"role": "user", "content": "hi"}]}';
    const a = await send(CHAT, uncapped);
    expect(a.status).toBe(200);
    expect(a.sent!.equals(Buffer.from(uncapped))).toBe(false);
    expect(JSON.parse(a.sent!.toString())).toEqual({ messages: [{ role: 'user', content: 'hi' }], max_tokens: expect.any(Number), stream: false });

    const named = '{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 5, "model": "gpt-4o"}';
    const b = await send(CHAT, named);
    expect(b.status).toBe(200);
    expect(JSON.parse(b.sent!.toString())).toEqual({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, stream: false });
  });

  it('never forwards a repeated key: the model reads only the value the gateway scanned', async () => {
    // JSON.parse keeps the last "content"; a parser keeping the first would read the card number.
    const body = '{"max_tokens": 5, "messages": [{"role": "user", "content": "4111 1111 1111 1111", "content": "hello"}]}';
    const { status, sent } = await send(CHAT, body);
    expect(status).toBe(200);
    expect(sent!.toString()).not.toContain('4111');
    expect(JSON.parse(sent!.toString()).messages).toEqual([{ role: 'user', content: 'hello' }]);
  });

  it('never forwards a key spelled with an escape, which could repeat another once decoded', async () => {
    const body = '{"max_tokens": 5, "messages": [{"role": "user", "content": "4111 1111 1111 1111", "c\\u006fntent": "hello"}]}';
    const { status, sent } = await send(CHAT, body);
    expect(status).toBe(200);
    expect(sent!.toString()).not.toContain('4111');
    expect(sent!.toString()).not.toContain('\\u006f');
  });

  it('never forwards invalid UTF-8 as it came: the model reads the replacement characters the gateway scanned', async () => {
    const body = Buffer.concat([Buffer.from('{"max_tokens": 5, "messages": [{"role": "user", "content": "a'), Buffer.from([0xc0, 0xaf, 0xff]), Buffer.from('b"}]}')]);
    const { status, sent } = await send(CHAT, body);
    expect(status).toBe(200);
    expect(sent!.equals(body)).toBe(false);
    expect(sent!.includes(Buffer.from([0xc0]))).toBe(false);
    expect(JSON.parse(sent!.toString()).messages[0].content).toBe('a\ufffd\ufffd\ufffdb');
  });
});

describe('a redacted body', () => {
  beforeEach(() => start({ DLP_ACTION: 'redact' }));

  it('goes upstream as the redacted serialization, never the bytes that carried the finding', async () => {
    const body = '{"max_tokens": 5, "messages": [{"role": "user", "content": "my card is 4111 1111 1111 1111"}]}';
    const { status, sent } = await send(CHAT, body);
    expect(status).toBe(200);
    expect(sent!.toString()).not.toContain('4111 1111 1111 1111');
    expect(JSON.parse(sent!.toString()).messages[0].content).not.toBe('my card is 4111 1111 1111 1111');
  });
});

describe('checkJsonShape: whether every key is distinct as written', () => {
  it.each([
    ['{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}', true],
    ['{"a":"}{\\"a\\":","b":"[,"}', true],
    ['[{"a":1},{"a":1}]', true],
    ['{"a":1,"b":2,"a":3}', false],
    ['{"x":{"k":1,"k":2}}', false],
    ['{"x":[{"k":1,"k":2}]}', false],
    ['{"a\\u0062":1}', false],
    ['{"ab":1,"a":2,"b":3}', true],
  ])('%s → %s', (text, distinct) => {
    expect(checkJsonShape(text)).toBe(distinct);
  });

  it('checks objects of many keys too', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`);
    expect(checkJsonShape(`{${keys.join(',')}}`)).toBe(true);
    expect(checkJsonShape(`{${keys.join(',')},"k17":0}`)).toBe(false);
  });

  it('holds for any JSON.stringify output: distinct unless a key needed an escape, and a repeat is always found', () => {
    const needsEscape = (k: string) => JSON.stringify(k) !== `"${k}"` || k === '__proto__';
    const anyKeyEscaped = (v: unknown): boolean =>
      Array.isArray(v) ? v.some(anyKeyEscaped) : v !== null && typeof v === 'object' ? Object.entries(v).some(([k, x]) => needsEscape(k) || anyKeyEscaped(x)) : false;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const text = JSON.stringify(v);
        expect(checkJsonShape(text)).toBe(!anyKeyEscaped(v));
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
          const [first] = Object.keys(v);
          if (first !== undefined && !needsEscape(first)) expect(checkJsonShape(`${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"${first}":0}`)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('answering with the service\'s own text', () => {
  // Spacing, key order and number forms that parsing and writing again would change.
  const shaped = (body: unknown) => JSON.stringify(body, null, 1).replace('"object"', '"object" ').replace(/0\.1\b/, '1.0e-1');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type'), requestId: res.headers.get('x-request-id') };
  };
  beforeEach(() => {
    upstream.format = shaped;
    upstream.reply = {};
  });
  afterAll(() => {
    upstream.format = (body) => JSON.stringify(body);
  });

  it('passes an answer no output governance reads through as it came: chat and embeddings', async () => {
    await start();
    for (const [path, body] of [
      [CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 }],
      [EMB, { input: ['alpha', 'beta'] }],
    ] as const) {
      const answer = await post(path, body);
      expect(answer).toMatchObject({ status: 200, type: 'application/json' });
      expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
      const parsed = JSON.parse(answer.text);
      expect(answer.text).toBe(shaped(parsed));
      expect(answer.text).not.toBe(JSON.stringify(parsed));
    }
  });

  it('writes a governed answer from what the scan read, found or not, and redacted where found', async () => {
    await start({ DLP_SCAN_COMPLETIONS: 'true' });
    const clean = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
    expect(clean.status).toBe(200);
    expect(clean.text).toBe(JSON.stringify(JSON.parse(clean.text)));
    upstream.reply = { content: 'your card 4111 1111 1111 1111' };
    const found = await post(CHAT, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
    expect(JSON.parse(found.text).choices[0].message.content).toBe('your card [REDACTED:CREDIT_CARD]');
    expect(found.text).not.toContain('1111');
    // Embeddings carry no text to govern: still the service's own.
    const emb = await post(EMB, { input: 'alpha' });
    expect(emb.text).toBe(shaped(JSON.parse(emb.text)));
  });
});
