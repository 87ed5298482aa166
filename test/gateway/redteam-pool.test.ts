/**
 * The backend pool, attacked: retry-after values no service should send (huge, past the Date range,
 * a far HTTP date), and what one caller's requests can do to the breaker every caller shares.
 */
import { createServer, type Server } from 'node:http';
import { APIError } from 'openai';
import { classify } from '../../function/src/upstream/azure-openai';
import { backendPool, type BackendSpec } from '../../function/src/upstream/pool';
import { pooledJsonCaller, retryAfterMs } from '../../function/src/upstream/pooled-json';
import { servedBy, UpstreamError, type Upstream } from '../../function/src/upstream/types';

/** Ten minutes: a backend is never taken out of the pool for longer on one answer's say-so. */
const BOUND_MS = 600_000;

const spec = (account: string, priority: number): BackendSpec => ({ account, endpoint: `http://${account}.test/`, region: 'westeurope', sku: 'DataZoneStandard', tier: 'data_zone', priority, weight: 1 });
const signal = () => new AbortController().signal;

function scripted(calls: string[], scripts: Record<string, (UpstreamError | 'ok')[]>) {
  return (s: BackendSpec): Upstream => ({
    async call() {
      calls.push(s.account);
      const next = scripts[s.account]?.shift() ?? 'ok';
      if (next !== 'ok') throw next;
      return { usage: { prompt_tokens: 1, completion_tokens: 1 } };
    },
    async stream() {
      throw new Error('unused');
    },
  });
}

describe('a retry-after no service should send', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = Date.UTC(2026, 11, 2, 10, 0, 0)));

  it.each([
    ['Infinity', Infinity],
    ['past the Date range', 1e16],
    ['a year', 365 * 86_400_000],
  ])('%s: the operator view still answers, and the backend takes calls again within the bound', async (_name, ms) => {
    const calls: string[] = [];
    const throttled = Object.assign(new UpstreamError(429, 'rate_limit_exceeded', 'throttled', Math.ceil(ms / 1000)), { retryAfterMs: ms });
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, { a: [throttled] }), { clock });
    expect(servedBy(await pool.call('chat', 'chat', {}, signal()))?.account).toBe('b');
    const view = pool.health!().chat[0];
    expect(view.unavailableUntil).not.toBeNull();
    expect(Date.parse(view.unavailableUntil!) - now).toBeLessThanOrEqual(BOUND_MS);
    now += BOUND_MS;
    expect(servedBy(await pool.call('chat', 'chat', {}, signal()))?.account).toBe('a');
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it.each([
    ['seconds past the double range once in ms', { 'retry-after': '1e308' }],
    ['a huge retry-after-ms', { 'retry-after-ms': '1e300' }],
    ['an HTTP date in the year 9999', { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' }],
  ])('%s is read as at most the bound', (_name, headers) => {
    const ms = retryAfterMs(headers, Date.UTC(2026, 11, 2));
    expect(Number.isFinite(ms)).toBe(true);
    expect(ms).toBeLessThanOrEqual(BOUND_MS);
  });

  it.each([
    ['retry-after', '-5'],
    ['retry-after', 'NaN'],
    ['retry-after', ''],
    ['retry-after-ms', '-1'],
    ['retry-after-ms', 'abc'],
  ])('%s: %j is ignored, never a negative or NaN wait', (name, value) => {
    const ms = retryAfterMs({ [name]: value }, Date.UTC(2026, 11, 2));
    expect(ms === undefined || (ms >= 0 && Number.isFinite(ms))).toBe(true);
  });

  it('the SDK path (streams) bounds a huge retry-after too, so the caller is told a finite number of seconds', () => {
    const e = classify(new APIError(429, { code: '429', message: 'slow down' }, 'slow down', new Headers({ 'retry-after': '1e308' })));
    expect(e.status).toBe(429);
    expect(Number.isFinite(e.retryAfterSeconds)).toBe(true);
    expect(e.retryAfterSeconds!).toBeLessThanOrEqual(BOUND_MS / 1000);
    expect(e.retryAfterMs!).toBeLessThanOrEqual(BOUND_MS);
  });

  it('a huge retry-after from the service reaches the caller as a bounded, valid header', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1e308' });
      res.end('{"error":{"code":"429","message":"slow down"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const call = pooledJsonCaller({ endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`, apiVersion: '2024-10-21', timeoutMs: 2000 });
      const err = (await call('chat', 'chat', { messages: [] }, signal()).catch((e) => e)) as UpstreamError;
      expect(err.status).toBe(429);
      expect(Number.isFinite(err.retryAfterSeconds)).toBe(true);
      expect(err.retryAfterSeconds!).toBeLessThanOrEqual(BOUND_MS / 1000);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('one caller against the shared breaker', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = Date.UTC(2026, 11, 2, 10, 0, 0)));

  it('requests the service refuses for their content (400, 413, 422) never open it, however many', async () => {
    const calls: string[] = [];
    const refusals = [400, 413, 422, 404, 400, 413, 422, 404].map((s) => new UpstreamError(s, 'content_filter', 'refused'));
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, { a: [...refusals] }), { clock, breaker: { failureThreshold: 2 } });
    for (const r of refusals) await expect(pool.call('chat', 'chat', {}, signal())).rejects.toBe(r);
    expect(pool.health!().chat[0]).toMatchObject({ state: 'closed', recentFailures: 0 });
    expect(calls.every((c) => c === 'a')).toBe(true);
  });

  it('a caller that goes away mid-call (499) never counts against the backend, nor holds a half-open probe', async () => {
    const calls: string[] = [];
    const gone = () => new UpstreamError(499, 'client_closed_request', 'cancelled');
    const boom = new UpstreamError(502, 'upstream_error', 'boom');
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, { a: [boom, gone(), gone(), gone()] }), { clock, breaker: { failureThreshold: 1, openMs: 1000 } });
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toBe(boom);
    now += 1000;
    for (let i = 0; i < 3; i++) await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 499 });
    expect(servedBy(await pool.call('chat', 'chat', {}, signal()))?.account).toBe('a');
    expect(pool.health!().chat[0].state).toBe('closed');
  });
});
