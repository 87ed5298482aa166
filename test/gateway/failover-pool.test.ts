/**
 * The backend pool on its own, with scripted backends and an injected clock: priority groups, the
 * weighted choice within a group, retry-after, the half-open probe, and what is never retried.
 */
import { backendPool, type BackendSpec } from '../../function/src/upstream/pool';
import { pooledJsonCaller } from '../../function/src/upstream/pooled-json';
import { servedBy, UpstreamError, type Upstream } from '../../function/src/upstream/types';
import { FakeAzureOpenAI } from '../helpers/fake-azure-openai';

type Outcome = 'ok' | UpstreamError;

function scripted(calls: string[], scripts: Record<string, Outcome[]>, hold?: Record<string, Promise<void>>) {
  return (spec: BackendSpec): Upstream => ({
    async call(_op, _deployment, _body, _signal, payload) {
      calls.push(spec.account);
      if (hold?.[spec.account]) await hold[spec.account];
      const next = scripts[spec.account]?.shift() ?? 'ok';
      if (next !== 'ok') throw next;
      return { account: spec.account, payload: payload?.toString('utf8') ?? null, usage: { prompt_tokens: 1, completion_tokens: 1 } };
    },
    async stream() {
      calls.push(spec.account);
      const next = scripts[spec.account]?.shift() ?? 'ok';
      if (next !== 'ok') throw next;
      return (async function* () {
        yield { choices: [] };
      })();
    },
  });
}

const spec = (account: string, priority: number, weight = 1): BackendSpec => ({ account, endpoint: `http://${account}.test/`, region: 'westeurope', sku: 'DataZoneStandard', tier: 'data_zone', priority, weight });
const throttled = (ms: number) => Object.assign(new UpstreamError(429, 'rate_limit_exceeded', 'throttled', Math.ceil(ms / 1000)), { retryAfterMs: ms });
const signal = () => new AbortController().signal;

describe('backend pool', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('shares calls within a priority group by weight, and never uses a lower group while the first serves', async () => {
    const calls: string[] = [];
    let r = 0;
    // A deterministic sequence over [0, 1): a quarter of the draws land in the weight-1 backend.
    const random = () => ((r++ % 4) + 0.5) / 4;
    const pool = backendPool({ chat: [spec('a', 1, 3), spec('b', 1, 1), spec('c', 2, 10)] }, scripted(calls, {}), { clock, random });
    for (let i = 0; i < 400; i++) await pool.call('chat', 'chat', {}, signal());
    expect({ a: calls.filter((c) => c === 'a').length, b: calls.filter((c) => c === 'b').length, c: calls.filter((c) => c === 'c').length }).toEqual({ a: 300, b: 100, c: 0 });
  });

  it('a failure after the call\'s own signal ended it (caller gone, the gateway\'s deadline) opens no breaker; the same failure otherwise does', async () => {
    const calls: string[] = [];
    const deadline = () => new UpstreamError(504, 'upstream_timeout', 'the call exceeded the longest allowed duration');
    let release = () => {};
    const hold: Record<string, Promise<void>> = {};
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, { a: [deadline(), deadline(), deadline()] }, hold), { clock, breaker: { failureThreshold: 1 } });
    for (let i = 0; i < 2; i++) {
      hold.a = new Promise<void>((r) => (release = r));
      const live = new AbortController();
      const pending = pool.call('chat', 'chat', {}, live.signal);
      await Promise.resolve();
      live.abort(deadline()); // the deadline fires while the backend works on the call
      release();
      await expect(pending).rejects.toMatchObject({ status: 504 });
    }
    expect(calls).toEqual(['a', 'a']);
    expect(pool.health!().chat[0]).toMatchObject({ account: 'a', state: 'closed' });
    // The backend's own timeout, with the call still live, counts: threshold 1 opens it.
    delete hold.a;
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 504 });
    expect(pool.health!().chat[0]).toMatchObject({ account: 'a', state: 'open' });
  });

  it('honours a retry-after of several seconds, then calls the backend again', async () => {
    const calls: string[] = [];
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, { a: [throttled(2000)] }), { clock });
    const first = await pool.call('chat', 'chat', {}, signal());
    expect(servedBy(first)).toEqual({ account: 'b', region: 'westeurope', sku: 'DataZoneStandard', tier: 'data_zone' });
    now += 1999;
    await pool.call('chat', 'chat', {}, signal());
    expect(calls).toEqual(['a', 'b', 'b']);
    expect(pool.health!().chat[0]).toMatchObject({ account: 'a', state: 'closed', recentFailures: 1, unavailableUntil: new Date(now + 1).toISOString() });
    now += 1;
    await pool.call('chat', 'chat', {}, signal());
    expect(calls).toEqual(['a', 'b', 'b', 'a']);
  });

  it('lets exactly one call probe a half-open backend; the others go to the next group', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const scripts = { a: [new UpstreamError(502, 'upstream_error', 'boom') as Outcome] };
    const hold: Record<string, Promise<void>> = {};
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, scripts, hold), { clock, breaker: { failureThreshold: 1, openMs: 5000 } });
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 502, backend: { account: 'a' } });
    now += 5000;
    hold.a = gate;
    const probe = pool.call('chat', 'chat', {}, signal());
    const meanwhile = await pool.call('chat', 'chat', {}, signal());
    expect(servedBy(meanwhile)?.account).toBe('b');
    release();
    expect(servedBy(await probe)?.account).toBe('a');
    expect(calls).toEqual(['a', 'a', 'b']);
    expect(pool.health!().chat[0].state).toBe('closed');
  });

  it('never moves a call that the backend may have executed: 5xx, timeout, reset after sending', async () => {
    for (const err of [new UpstreamError(502, 'upstream_error', 'boom'), new UpstreamError(504, 'upstream_timeout', 'slow'), new UpstreamError(503, 'upstream_unavailable', 'reset', undefined, false)]) {
      const calls: string[] = [];
      const pool = backendPool({ chat: [spec('a', 1), spec('b', 1)] }, scripted(calls, { a: [err], b: [err] }), { clock, random: () => 0 });
      await expect(pool.call('chat', 'chat', {}, signal())).rejects.toBe(err);
      expect(calls).toEqual(['a']);
    }
  });

  it('does not count a refusal of the request itself (4xx) against the backend', async () => {
    const calls: string[] = [];
    const bad = new UpstreamError(400, 'content_filter', 'filtered');
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, { a: [bad, bad, bad, bad, bad, bad] }), { clock });
    for (let i = 0; i < 6; i++) await expect(pool.call('chat', 'chat', {}, signal())).rejects.toBe(bad);
    expect(calls).toEqual(['a', 'a', 'a', 'a', 'a', 'a']);
    expect(pool.health!().chat[0]).toMatchObject({ state: 'closed', recentFailures: 0 });
  });

  it('passes the exact payload bytes to the backend unchanged', async () => {
    const calls: string[] = [];
    const pool = backendPool({ chat: [spec('a', 1)] }, scripted(calls, {}), { clock });
    const result = await pool.call('chat', 'chat', { messages: [] }, signal(), Buffer.from('{"messages":[] }'));
    expect(result.payload).toBe('{"messages":[] }');
  });

  it('waits for the retry-after and tries again, up to maxRetries rounds', async () => {
    const calls: string[] = [];
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const pool = backendPool({ chat: [spec('a', 1)] }, scripted(calls, { a: [throttled(1500), throttled(1500), throttled(1500)] }), { clock, sleep, maxRetries: 2 });
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 429 });
    expect(calls).toEqual(['a', 'a', 'a']);
    expect(waits).toEqual([1500, 1500]);
  });

  it('spends no round when a timer fires before the retry-after has passed by the breakers\' clock', async () => {
    // Timers count from the event loop's cached time: one can end a millisecond early by Date.now.
    const calls: string[] = [];
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms > 1 ? ms - 1 : ms;
    };
    const pool = backendPool({ chat: [spec('a', 1)] }, scripted(calls, { a: [throttled(1500), throttled(1500), throttled(1500)] }), { clock, sleep, maxRetries: 2 });
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 429 });
    expect(calls).toEqual(['a', 'a', 'a']);
    expect(waits).toEqual([1500, 1, 1500, 1]);
  });

  it('answers 429 with the soonest retry-after of the pool when every backend refused', async () => {
    const calls: string[] = [];
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, { a: [throttled(1000)], b: [throttled(3000)] }), { clock });
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 429, retryAfterSeconds: 1, backend: { account: 'b' } });
    expect(calls).toEqual(['a', 'b']);
  });

  it('counts failures within the window whatever succeeds in between, and forgets those older than the window', async () => {
    const calls: string[] = [];
    const boom = () => new UpstreamError(502, 'upstream_error', 'boom');
    const scripts: Record<string, Outcome[]> = { a: [boom(), 'ok', boom(), 'ok'] };
    const pool = backendPool({ chat: [spec('a', 1), spec('b', 2)] }, scripted(calls, scripts), { clock, breaker: { failureThreshold: 3, windowMs: 10_000 } });
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 502 });
    await pool.call('chat', 'chat', {}, signal());
    now += 11_000; // the first failure leaves the window
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 502 });
    await pool.call('chat', 'chat', {}, signal());
    expect(pool.health!().chat[0]).toMatchObject({ state: 'closed', recentFailures: 1 });
    scripts.a.push(boom(), boom());
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 502 });
    await expect(pool.call('chat', 'chat', {}, signal())).rejects.toMatchObject({ status: 502 });
    expect(pool.health!().chat[0]).toMatchObject({ state: 'open', recentFailures: 3 });
    expect(servedBy(await pool.call('chat', 'chat', {}, signal()))?.account).toBe('b');
  });

  it('refuses a deployment without backends at construction', () => {
    expect(() => backendPool({ chat: [] }, scripted([], {}))).toThrow('backend pool: deployment "chat" has no backend');
  });
});

describe('the JSON caller under the pool', () => {
  it('sends a given payload as it is, and makes exactly one attempt (the pool owns retries)', async () => {
    const upstream = await new FakeAzureOpenAI().start();
    try {
      const call = pooledJsonCaller({ endpoint: upstream.url, apiVersion: '2024-10-21', timeoutMs: 2000 });
      const bytes = Buffer.from('{"messages":[{"role":"user","content":"exact"}],"max_tokens":5}');
      await call('chat', 'chat', { ignored: true }, signal(), bytes);
      expect(upstream.received[0].body).toEqual({ messages: [{ role: 'user', content: 'exact' }], max_tokens: 5 });
      upstream.script.push('429', '429');
      await expect(call('chat', 'chat', { messages: [] }, signal())).rejects.toMatchObject({ status: 429, retryAfterMs: 10 });
      expect(upstream.received).toHaveLength(2);
    } finally {
      await upstream.stop();
    }
  });
});
