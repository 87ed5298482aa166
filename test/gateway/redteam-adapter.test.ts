/**
 * The local server's request handling, attacked over raw sockets: repeated Authorization headers,
 * chunked bodies over the cap, a body that stops before its declared length, a caller that goes away
 * mid-body, and the operator endpoint without its role. Judged by what the loopback model received.
 */
import { connect } from 'node:net';
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

const PATH = '/openai/deployments/chat/chat/completions?api-version=2024-10-21';
const BODY = '{"max_tokens": 5, "messages": [{"role": "user", "content": "hello"}]}';

/** Writes `head` then each of `parts` on one connection; resolves with whatever came back once a whole answer arrived or the connection closed. */
function raw(parts: (string | Buffer)[], options: { destroyAfterWrite?: boolean } = {}): Promise<string> {
  const { port } = new URL(gw!.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let got = '';
    socket.on('data', (d) => {
      got += d.toString('latin1');
      if (/\r\n\r\n/.test(got) && !/transfer-encoding: chunked/i.test(got)) {
        const m = /content-length: (\d+)/i.exec(got);
        if (m && got.length - got.indexOf('\r\n\r\n') - 4 >= Number(m[1])) socket.destroy();
      }
    });
    socket.on('close', () => resolve(got));
    socket.on('error', () => undefined);
    socket.on('connect', async () => {
      for (const p of parts) {
        socket.write(p);
        await new Promise((r) => setImmediate(r));
      }
      if (options.destroyAfterWrite) {
        socket.destroy();
      }
    });
  });
}

const status = (reply: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0);
/** Lets the gateway finish whatever it would still do with a request. */
const settle = () => new Promise((r) => setTimeout(r, 200));

beforeAll(async () => {
  [upstream, issuer, redis] = await Promise.all([new FakeAzureOpenAI().start(), new LoopbackIssuer().start(), RedisServer.start()]);
  token = await issuer.token();
  gw = await startGateway(loopbackGatewayEnv({ upstream, issuer, redis }, { GATEWAY_DEPLOYMENTS: 'chat=gpt-4o-mini@global', MAX_BODY_BYTES: '4096' }));
});
beforeEach(() => {
  upstream.received.length = 0;
});
afterAll(async () => {
  await gw?.close();
  await Promise.all([upstream?.stop(), issuer?.stop(), redis?.stop()]);
});

const head = (headers: string[]) => `POST ${PATH} HTTP/1.1\r\nhost: gw\r\ncontent-type: application/json\r\nconnection: close\r\n${headers.join('\r\n')}\r\n\r\n`;

describe('headers', () => {
  it('a valid token followed by a second Authorization header: one token is read, the call is the valid caller\'s', async () => {
    const reply = await raw([head([`authorization: Bearer ${token}`, 'authorization: Bearer forged', `content-length: ${BODY.length}`]), BODY]);
    expect(status(reply)).toBe(200);
    expect(upstream.received).toHaveLength(1);
  });

  it('a forged token first and a valid one second: never accepted on the second', async () => {
    const reply = await raw([head(['authorization: Bearer forged', `authorization: Bearer ${token}`, `content-length: ${BODY.length}`]), BODY]);
    expect(status(reply)).toBe(401);
    expect(upstream.received).toHaveLength(0);
  });

  it('two tokens in one header are refused', async () => {
    const reply = await raw([head([`authorization: Bearer ${token}, Bearer ${token}`, `content-length: ${BODY.length}`]), BODY]);
    expect(status(reply)).toBe(401);
  });
});

describe('bodies', () => {
  it('a chunked body over the cap is answered 413 and never forwarded', async () => {
    const big = `{"max_tokens": 5, "messages": [{"role": "user", "content": "${'a'.repeat(5000)}"}]}`;
    const chunks = [];
    for (let i = 0; i < big.length; i += 1000) {
      const c = big.slice(i, i + 1000);
      chunks.push(`${c.length.toString(16)}\r\n${c}\r\n`);
    }
    const reply = await raw([head([`authorization: Bearer ${token}`, 'transfer-encoding: chunked']), ...chunks, '0\r\n\r\n']);
    expect(status(reply)).toBe(413);
    expect(upstream.received).toHaveLength(0);
  });

  it('a declared length over the cap is answered 413 before the body is read', async () => {
    const reply = await raw([head([`authorization: Bearer ${token}`, 'content-length: 999999']), BODY]);
    expect(status(reply)).toBe(413);
    expect(upstream.received).toHaveLength(0);
  });

  it('a complete JSON body whose connection closes before its declared length is never forwarded', async () => {
    await raw([head([`authorization: Bearer ${token}`, `content-length: ${BODY.length + 50}`]), BODY], { destroyAfterWrite: true });
    await settle();
    expect(upstream.received).toHaveLength(0);
  });

  it('a chunked body that stops after a complete JSON chunk, without its last chunk, is never forwarded', async () => {
    await raw([head([`authorization: Bearer ${token}`, 'transfer-encoding: chunked']), `${BODY.length.toString(16)}\r\n${BODY}\r\n`], { destroyAfterWrite: true });
    await settle();
    expect(upstream.received).toHaveLength(0);
  });
});

describe('the operator endpoint', () => {
  const get = async (t: string) => (await fetch(`${gw!.url}/operator/backends`, { headers: { authorization: `Bearer ${t}` } })).status;

  it('is refused without the operator role, with look-alike roles, and on other methods', async () => {
    expect(await get(token)).toBe(403);
    expect(await get(await issuer.token({ roles: ['gateway.operate'] }))).toBe(403);
    expect(await get(await issuer.token({ roles: ['Gateway.Operate '] }))).toBe(403);
    expect(await get(await issuer.token({ roles: ['Gateway.Invoke', 'Gateway.Operate.Read'] }))).toBe(403);
    expect(await get(issuer.unsigned())).toBe(401);
    expect((await fetch(`${gw!.url}/operator/backends`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(405);
    expect(await get(await issuer.token({ roles: ['Gateway.Operate'] }))).toBe(200);
  });

  it('answers nothing for path variants that are not the endpoint', async () => {
    for (const p of ['/Operator/Backends', '/operator/backends/x', '/operator/%62ackends', '/openai/../operator/backends']) {
      const res = await fetch(`${gw!.url}${p}`, { headers: { authorization: `Bearer ${token}` } });
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('account');
    }
  });
});
