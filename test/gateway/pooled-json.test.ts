import { createServer, type IncomingMessage, type Server } from 'node:http';
import { getEventListeners, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pooledJsonCaller } from '../../function/src/upstream/pooled-json';
import { answerText, UpstreamError } from '../../function/src/upstream/types';

/** A loopback model service: answers chat calls, or holds them open (`hold`) until the gateway lets go. */
let server: Server;
let endpoint: string;
let hold = false;
const held: IncomingMessage[] = [];
const ANSWER = '{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}}';
let answer = ANSWER;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    if (hold) return void held.push(req);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  hold = false;
  answer = ANSWER;
});

describe('pooledJsonCaller and the call signal', () => {
  it('answers and leaves no listener on the call signal behind', async () => {
    const call = pooledJsonCaller({ endpoint, apiVersion: '2024-10-21', timeoutMs: 5000 });
    const abort = new AbortController();
    for (let i = 0; i < 3; i++) expect(await call('chat', 'chat', { messages: [] }, abort.signal)).toMatchObject({ usage: { prompt_tokens: 3 } });
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('a signal aborted mid-call ends it as 499 and closes the connection the service holds', async () => {
    hold = true;
    const call = pooledJsonCaller({ endpoint, apiVersion: '2024-10-21', timeoutMs: 60_000 });
    const abort = new AbortController();
    const pending = call('chat', 'chat', { messages: [] }, abort.signal);
    while (held.length === 0) await new Promise((r) => setTimeout(r, 5));
    const closed = once(held[0].socket, 'close');
    abort.abort();
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ status: 499, code: 'client_closed_request', unsent: false });
    await closed; // the service sees the gateway let go: nothing keeps generating for a caller who left
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('a signal aborted while the token is fetched sends nothing', async () => {
    let release!: (token: string) => void;
    const call = pooledJsonCaller({ endpoint, apiVersion: '2024-10-21', timeoutMs: 5000, token: () => new Promise((r) => (release = r)) });
    const abort = new AbortController();
    let requests = 0;
    const count = () => requests++;
    server.on('request', count);
    try {
      const pending = call('chat', 'chat', { messages: [] }, abort.signal);
      await new Promise((r) => setTimeout(r, 5));
      abort.abort();
      release('tok');
      await expect(pending).rejects.toMatchObject({ status: 499, code: 'client_closed_request' });
      await new Promise((r) => setTimeout(r, 20));
      expect(requests).toBe(0);
      expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
    } finally {
      server.off('request', count);
    }
  });
});

describe('pooledJsonCaller answers', () => {
  it('carry the exact text they were parsed from, never as a field of their own', async () => {
    answer = '{ "choices" : [],\n "usage": {"prompt_tokens": 3, "completion_tokens": 1.0} }';
    const result = await pooledJsonCaller({ endpoint, apiVersion: '2024-10-21', timeoutMs: 5000 })('chat', 'chat', { messages: [] }, new AbortController().signal);
    expect(answerText(result)).toBe(answer);
    expect(Object.keys(result)).toEqual(['choices', 'usage']);
    expect(JSON.stringify(result)).toBe('{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1}}');
  });

  it('that are JSON but not an object are a 502, as text that is not JSON is', async () => {
    const call = pooledJsonCaller({ endpoint, apiVersion: '2024-10-21', timeoutMs: 5000 });
    for (const text of ['null', '[1]', '"ok"', '42', 'not json']) {
      answer = text;
      await expect(call('chat', 'chat', { messages: [] }, new AbortController().signal)).rejects.toMatchObject({ status: 502, code: 'upstream_error' });
    }
  });
});
