/**
 * Failover and spill-over inside the residency boundary, end to end: the real gateway (config → runtime →
 * local server) in front of two loopback Azure OpenAI accounts, budgets in a real redis-server, and an
 * injected clock for the breakers. Judged by value: which account received what, what the caller got,
 * what the audit event names and what the budget was charged.
 */
import { costMicros, priceFor } from '../../function/src/cost';
import { loadGatewayConfig, GatewayConfigError } from '../../function/src/config';
import { FakeAzureOpenAI } from '../helpers/fake-azure-openai';
import { LoopbackIssuer } from '../helpers/issuer';
import { RedisServer } from '../helpers/redis-server';
import { loopbackGatewayEnv, startGateway, type RunningGateway } from '../helpers/gateway';

jest.setTimeout(30_000);

const API = '2024-10-21';
const CHAT = '/openai/deployments/chat/chat/completions';
const ALLOWED = { GATEWAY_ALLOWED_REGIONS: 'westeurope,northeurope,swedencentral', GATEWAY_ALLOWED_SKUS: 'Standard,DataZoneStandard' };

let primary: FakeAzureOpenAI;
let secondary: FakeAzureOpenAI;
let issuer: LoopbackIssuer;
let redis: RedisServer;
let token: string;
let now: number;
let gw: RunningGateway | undefined;

const backends = (overrides: { primary?: object; secondary?: object } = {}) =>
  JSON.stringify({
    chat: [
      { account: 'oai-aoai-dev-weu', endpoint: primary.url, region: 'westeurope', sku: 'DataZoneStandard', priority: 1, weight: 1, ...overrides.primary },
      { account: 'oai-aoai-dev-sdc', endpoint: secondary.url, region: 'swedencentral', sku: 'Standard', priority: 2, weight: 1, ...overrides.secondary },
    ],
  });

function env(extra: Record<string, string> = {}): Record<string, string> {
  const e = loopbackGatewayEnv({ upstream: primary, issuer, redis }, {
    AZURE_OPENAI_MAX_RETRIES: '0',
    AZURE_OPENAI_TIMEOUT_MS: '2000',
    GATEWAY_DEPLOYMENTS: 'chat=gpt-5.4@data_zone',
    GATEWAY_BACKENDS: backends(),
    GATEWAY_BREAKER_FAILURES: '2',
    GATEWAY_BREAKER_WINDOW_MS: '60000',
    GATEWAY_BREAKER_OPEN_MS: '30000',
    ...ALLOWED,
    ...extra,
  });
  delete e.AZURE_OPENAI_ENDPOINT; // the pool alone names the accounts
  return e;
}

/** The gateway with the test's clock: breakers and budget windows read `now`. */
async function start(extra: Record<string, string> = {}) {
  await gw?.close();
  gw = await startGateway(env(extra), { clock: () => now, random: () => 0 });
  return gw;
}

const post = (body: unknown) =>
  fetch(`${gw!.url}${CHAT}?api-version=${API}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const chat = (extra: object = {}) => ({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 50, ...extra });
const audits = () => gw!.logs.map((l) => JSON.parse(l)).filter((e) => e.event === 'aoai.gateway.request');
const usage = async () => ((await (await fetch(`${gw!.url}/usage`, { headers: { authorization: `Bearer ${token}` } })).json()) as any).daily;
const operator = async (roles = ['Gateway.Operate']) =>
  fetch(`${gw!.url}/operator/backends`, { headers: { authorization: `Bearer ${await issuer.token({ roles })}` } });
const stateOf = async () => (((await (await operator()).json()) as any).deployments.chat as { account: string; state: string }[]).map((b) => `${b.account}:${b.state}`);

beforeAll(async () => {
  [primary, secondary, issuer, redis] = await Promise.all([new FakeAzureOpenAI().start(), new FakeAzureOpenAI().start(), new LoopbackIssuer().start(), RedisServer.start()]);
  token = await issuer.token();
});

beforeEach(async () => {
  now = Date.UTC(2026, 11, 2, 10, 0, 0);
  await redis.flush();
  for (const u of [primary, secondary]) {
    u.received.length = 0;
    u.billed.length = 0;
    u.script.length = 0;
  }
});

afterAll(async () => {
  await gw?.close();
  await Promise.all([primary.stop(), secondary.stop(), issuer.stop(), redis.stop()]);
});

describe('spill-over on 429', () => {
  it('moves the call to the next priority group, honours retry-after, and comes back once it has passed', async () => {
    await start();
    primary.script.push('429'); // retry-after-ms: 10
    const res = await post(chat());
    expect(res.status).toBe(200);
    expect([primary.received.length, secondary.received.length]).toEqual([1, 1]);
    expect(audits()[0]).toMatchObject({ status: 200, backend: { account: 'oai-aoai-dev-sdc', region: 'swedencentral' } });

    // Within the retry-after the primary is not called at all.
    expect((await post(chat())).status).toBe(200);
    expect([primary.received.length, secondary.received.length]).toEqual([1, 2]);

    // Once it has passed, traffic goes back to the primary.
    now += 10;
    expect((await post(chat())).status).toBe(200);
    expect([primary.received.length, secondary.received.length]).toEqual([2, 2]);
    expect(audits()[2].backend).toEqual({ account: 'oai-aoai-dev-weu', region: 'westeurope' });
  });

  it('charges the call once, at the serving backend\'s tier, whatever the failovers', async () => {
    await start();
    primary.script.push('429');
    expect((await post(chat())).status).toBe(200);
    // The primary refused (unbilled); the secondary billed this usage, at its own (regional) tier.
    expect(primary.billed).toEqual([]);
    expect(secondary.billed).toEqual([{ prompt_tokens: 21, completion_tokens: 7 }]);
    const expected = costMicros({ promptTokens: 21, completionTokens: 7 }, priceFor('gpt-5.4', 'regional').price);
    expect(await usage()).toMatchObject({ requests: 1, reserved_usd: 0, spent_usd: expected / 1e6, prompt_tokens: 21, completion_tokens: 7 });
    expect(audits()[0]).toMatchObject({ costUsd: expected / 1e6 });
  });

  it('answers 429 with the soonest retry-after, releasing the reservation, when every backend is throttled', async () => {
    await start();
    primary.script.push('429');
    secondary.script.push('429');
    const res = await post(chat());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect([primary.received.length, secondary.received.length]).toEqual([1, 1]);
    expect(await usage()).toMatchObject({ reserved_usd: 0, spent_usd: 0 });
  });

  it('fails over when an account is unreachable before anything was sent', async () => {
    await start({ GATEWAY_BACKENDS: backends({ primary: { endpoint: 'http://127.0.0.1:1' } }) });
    expect((await post(chat())).status).toBe(200);
    expect(secondary.received).toHaveLength(1);
    expect(audits()[0].backend).toEqual({ account: 'oai-aoai-dev-sdc', region: 'swedencentral' });
  });
});

describe('the breaker', () => {
  it('answers a 5xx (it may have been billed), charged the worst case once, and opens after the threshold', async () => {
    await start();
    primary.script.push('500', '500');
    for (let i = 0; i < 2; i++) {
      const res = await post(chat());
      expect(res.status).toBe(502);
    }
    // Never retried on the secondary: the primary may have executed them.
    expect([primary.received.length, secondary.received.length]).toEqual([2, 0]);
    const reservedPrompt = audits()[0].promptTokens;
    const worst = costMicros({ promptTokens: reservedPrompt, completionTokens: 50 }, priceFor('gpt-5.4', 'data_zone').price);
    expect(await usage()).toMatchObject({ requests: 2, reserved_usd: 0, spent_usd: (2 * worst) / 1e6 });
    expect(audits()[0].backend).toEqual({ account: 'oai-aoai-dev-weu', region: 'westeurope' });

    // Two failures in the window: open. The next calls go to the secondary without touching the primary.
    expect(await stateOf()).toEqual(['oai-aoai-dev-weu:open', 'oai-aoai-dev-sdc:closed']);
    expect((await post(chat())).status).toBe(200);
    expect([primary.received.length, secondary.received.length]).toEqual([2, 1]);

    // After openMs one probe goes to the primary; its success closes the breaker.
    now += 30_000;
    expect(await stateOf()).toEqual(['oai-aoai-dev-weu:half_open', 'oai-aoai-dev-sdc:closed']);
    expect((await post(chat())).status).toBe(200);
    expect([primary.received.length, secondary.received.length]).toEqual([3, 1]);
    expect(await stateOf()).toEqual(['oai-aoai-dev-weu:closed', 'oai-aoai-dev-sdc:closed']);
  });

  it('a failed half-open probe opens the breaker again', async () => {
    await start({ GATEWAY_BREAKER_FAILURES: '1' });
    primary.script.push('500', '500');
    expect((await post(chat())).status).toBe(502);
    now += 30_000;
    expect((await post(chat())).status).toBe(502); // the probe
    expect(await stateOf()).toEqual(['oai-aoai-dev-weu:open', 'oai-aoai-dev-sdc:closed']);
    expect((await post(chat())).status).toBe(200);
    expect([primary.received.length, secondary.received.length]).toEqual([2, 1]);
  });

  it('a hung backend times out (504, not retried) and trips the breaker', async () => {
    await start({ AZURE_OPENAI_TIMEOUT_MS: '200', GATEWAY_BREAKER_FAILURES: '1' });
    primary.script.push('hang');
    const res = await post(chat());
    expect(res.status).toBe(504);
    expect([primary.received.length, secondary.received.length]).toEqual([1, 0]);
    expect(await usage()).toMatchObject({ requests: 1, reserved_usd: 0 });
    expect((await usage()).spent_usd).toBeGreaterThan(0);
    expect((await post(chat())).status).toBe(200);
    expect([primary.received.length, secondary.received.length]).toEqual([1, 1]);
  });

  it('answers 503 and releases the reservation when every breaker is open', async () => {
    await start({ GATEWAY_BREAKER_FAILURES: '1' });
    primary.script.push('500');
    secondary.script.push('500');
    expect((await post(chat())).status).toBe(502);
    // The primary is open: this call goes to the secondary, which fails too.
    expect((await post(chat())).status).toBe(502);
    const before = await usage();
    const res = await post(chat());
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBe(30);
    expect([primary.received.length, secondary.received.length]).toEqual([1, 1]);
    expect(await usage()).toMatchObject({ spent_usd: before.spent_usd, reserved_usd: 0 });
  });
});

describe('streams', () => {
  it('a stream that already started is not retried elsewhere, and its idle timeout (the caller\'s long silence) opens no breaker', async () => {
    await start({ AZURE_OPENAI_STREAM_IDLE_TIMEOUT_MS: '200', GATEWAY_BREAKER_FAILURES: '1' });
    primary.script.push('stall'); // first chunk, then silence
    const res = await post(chat({ stream: true }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('upstream_idle_timeout');
    expect([primary.received.length, secondary.received.length]).toEqual([1, 0]);
    expect(audits()[0]).toMatchObject({ status: 504, backend: { account: 'oai-aoai-dev-weu', region: 'westeurope' } });
    expect(await usage()).toMatchObject({ requests: 1, reserved_usd: 0 });
    // The gateway's own idle deadline ended it: a reasoning model asked to think long is silent too, so one
    // caller's stream must not open the breaker every caller shares (threshold 1 here). The next stream goes
    // to the primary again.
    expect(await stateOf()).toEqual(['oai-aoai-dev-weu:closed', 'oai-aoai-dev-sdc:closed']);
    expect(await (await post(chat({ stream: true }))).text()).toContain('data: [DONE]');
    expect([primary.received.length, secondary.received.length]).toEqual([2, 0]);
  });

  it('a stream whose opening is throttled fails over before any byte reached the caller', async () => {
    await start();
    primary.script.push('429');
    const res = await post(chat({ stream: true }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('data: [DONE]');
    expect([primary.received.length, secondary.received.length]).toEqual([1, 1]);
    expect(audits()[0]).toMatchObject({ status: 200, backend: { account: 'oai-aoai-dev-sdc', region: 'swedencentral' } });
    const expected = costMicros({ promptTokens: 21, completionTokens: 7 }, priceFor('gpt-5.4', 'regional').price);
    expect(await usage()).toMatchObject({ requests: 1, reserved_usd: 0, spent_usd: expected / 1e6 });
  });
});

describe('the operator endpoint', () => {
  it('shows each backend\'s breaker to the operator role only, behind authentication', async () => {
    await start();
    expect((await fetch(`${gw!.url}/operator/backends`)).status).toBe(401);
    expect((await operator(['Gateway.Invoke'])).status).toBe(403);
    const res = await operator();
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).deployments.chat).toEqual([
      { account: 'oai-aoai-dev-weu', region: 'westeurope', sku: 'DataZoneStandard', priority: 1, weight: 1, state: 'closed', recentFailures: 0, unavailableUntil: null },
      { account: 'oai-aoai-dev-sdc', region: 'swedencentral', sku: 'Standard', priority: 2, weight: 1, state: 'closed', recentFailures: 0, unavailableUntil: null },
    ]);
    // /healthz stays a liveness probe that names no account.
    expect(await (await fetch(`${gw!.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });
});

describe('start-up refuses a backend outside the residency boundary', () => {
  const problems = (extra: Record<string, string>) => {
    try {
      loadGatewayConfig({ PORT: '0', ...env(extra) });
    } catch (e) {
      if (e instanceof GatewayConfigError) return e.message;
      throw e;
    }
    throw new Error('the configuration was accepted');
  };

  it('names the backend whose region is outside GATEWAY_ALLOWED_REGIONS', () => {
    expect(problems({ GATEWAY_BACKENDS: backends({ secondary: { account: 'oai-aoai-dev-eus', region: 'eastus' } }) })).toContain(
      'GATEWAY_BACKENDS: backend "oai-aoai-dev-eus" (chat[1], eastus, Standard): region "eastus" is outside the residency boundary (GATEWAY_ALLOWED_REGIONS: westeurope, northeurope, swedencentral)',
    );
  });

  it('refuses a Global SKU and a SKU the profile does not allow, naming the backend', () => {
    const message = problems({ GATEWAY_BACKENDS: backends({ primary: { sku: 'GlobalStandard' }, secondary: { sku: 'DataZoneProvisionedManaged' } }) });
    expect(message).toContain('backend "oai-aoai-dev-weu" (chat[0], westeurope, GlobalStandard): SKU GlobalStandard may process data in any Azure region; it is refused');
    expect(message).toContain('backend "oai-aoai-dev-sdc" (chat[1], swedencentral, DataZoneProvisionedManaged): SKU DataZoneProvisionedManaged is not allowed');
  });

  it('requires the boundary with a pool, and a backend for every deployment', () => {
    const message = problems({ GATEWAY_ALLOWED_REGIONS: '', GATEWAY_DEPLOYMENTS: 'chat=gpt-5.4@data_zone,emb=text-embedding-3-small@regional' });
    expect(message).toContain('GATEWAY_ALLOWED_REGIONS: is required with GATEWAY_BACKENDS');
    expect(message).toContain('GATEWAY_BACKENDS: deployment "emb" of GATEWAY_DEPLOYMENTS has no backend');
  });

  it('prices each backend at its own SKU\'s tier (reservations take the most expensive of them)', () => {
    const config = loadGatewayConfig({ PORT: '0', ...env({ GATEWAY_DEPLOYMENTS: 'chat=gpt-5.4@regional' }) });
    expect(config.deployments.chat.tier).toBe('regional');
    expect(config.backends.chat.map((b) => [b.account, b.tier])).toEqual([
      ['oai-aoai-dev-weu', 'data_zone'],
      ['oai-aoai-dev-sdc', 'regional'],
    ]);
  });
});
