import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GatewayConfigError, loadGatewayConfig } from '../../function/src/config';

const base = { AZURE_OPENAI_ENDPOINT: 'https://aoai.openai.azure.com/', GATEWAY_DEPLOYMENTS: 'gpt-4o=gpt-4o,mini=gpt-4o-mini@global', ENTRA_TENANT_ID: '11111111-2222-4333-8444-555555555555', ENTRA_AUDIENCE: 'api://aoai-gateway' };

function problems(env: Record<string, string>): string[] {
  try {
    loadGatewayConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(GatewayConfigError);
    return (e as GatewayConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  throw new Error('configuration was accepted');
}

describe('gateway configuration', () => {
  it('derives Entra issuer and JWKS from the tenant and applies secure defaults', () => {
    const c = loadGatewayConfig(base);
    expect(c.auth).toEqual({
      mode: 'entra',
      issuers: ['https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/v2.0', 'https://sts.windows.net/11111111-2222-4333-8444-555555555555/'],
      audiences: ['api://aoai-gateway'],
      jwksUri: 'https://login.microsoftonline.com/11111111-2222-4333-8444-555555555555/discovery/v2.0/keys',
      jwksTimeoutMs: 5000,
      requiredRole: undefined,
    });
    expect(c.openai.auth).toBe('managed-identity');
    expect(c.deployments).toEqual({ 'gpt-4o': { model: 'gpt-4o', tier: 'regional' }, mini: { model: 'gpt-4o-mini', tier: 'global' } });
    expect(c.budgets).toMatchObject({ dailyUsd: 100, monthlyUsd: 2000, maxTokensPerRequest: 4000, failOpen: false });
    expect(c.dlp).toEqual({ action: 'block', profile: 'all', scanCompletions: false, holdbackChars: 512 });
    expect(c.requests).toEqual({ extraFields: { chat: [], completions: [], embeddings: [] }, allowInlineMedia: false, dataSourceEndpoints: [], dataSourceTokens: 6000 });
    // A reservation outlives the longest call (10 min) plus the settle retries, by a minute.
    expect(c.calls).toEqual({ maxCallMs: 600_000, streamIdleTimeoutMs: 30_000, settleRetries: 6, settleBackoffMs: 200, reservationTtlMs: 600_000 + (200 + 400 + 800 + 1600 + 3200 + 5000) + 1000 + 60_000 });
    expect(c.maxBodyBytes).toBe(1048576);
    expect(c.redis).toBeUndefined();
  });

  it('names the variable for each bad value', () => {
    expect(problems({ ...base, AZURE_OPENAI_ENDPOINT: 'not a url' })[0]).toMatch(/^AZURE_OPENAI_ENDPOINT: /);
    expect(problems({ ...base, GATEWAY_DEPLOYMENTS: 'gpt-4o' })).toEqual(['GATEWAY_DEPLOYMENTS: entry "gpt-4o" must be name=model or name=model@tier']);
    expect(problems({ ...base, BUDGET_DAILY_USD: '-5' })[0]).toMatch(/^BUDGET_DAILY_USD: /);
    expect(problems({ ...base, DLP_ACTION: 'warn' })[0]).toMatch(/^DLP_ACTION: /);
    expect(problems({ ...base, REDIS_URL: 'http://cache' })).toEqual(['REDIS_URL: must be a redis:// or rediss:// URL']);
    expect(problems({ ...base, ENTRA_AUDIENCE: '' })).toEqual(['ENTRA_AUDIENCE: is required when GATEWAY_AUTH=entra']);
    const { GATEWAY_DEPLOYMENTS: _d, ...noDeployments } = base;
    expect(problems(noDeployments)).toEqual(['GATEWAY_DEPLOYMENTS: is required']);
  });

  it('reports every problem at once, an unpriced model by its variable', () => {
    const all = problems({ ...base, GATEWAY_DEPLOYMENTS: 'x=gpt-9000', BUDGET_DAILY_USD: 'lots', PORT: '99999', ENTRA_AUDIENCE: '' });
    expect(all.map((p) => p.split(':')[0])).toEqual(['BUDGET_DAILY_USD', 'PORT', 'GATEWAY_DEPLOYMENTS', 'ENTRA_AUDIENCE']);
    expect(all[2]).toMatch(/^GATEWAY_DEPLOYMENTS: entry "x=gpt-9000": model "gpt-9000" is not in the price table \(config\/pricing.ts\)/);
    expect(problems({ ...base, GATEWAY_EXTRA_FIELDS: 'chat:ok,bad field', GATEWAY_DATA_SOURCE_ENDPOINTS: 'http://search.example' })).toEqual([
      'GATEWAY_EXTRA_FIELDS: entry "bad field" must be field or op:field with op one of chat, completions, embeddings',
      'GATEWAY_DATA_SOURCE_ENDPOINTS: entry "http://search.example" must be an https:// URL',
    ]);
    expect(problems({ ...base, BUDGET_RESERVATION_TTL_MS: '1000' })).toEqual([expect.stringMatching(/^BUDGET_RESERVATION_TTL_MS: must be at least \d+/)]);
  });

  it('refuses extra fields that would replace an allow-listed field or be read from every object', () => {
    expect(problems({ ...base, GATEWAY_EXTRA_FIELDS: 'chat:messages' })).toEqual(['GATEWAY_EXTRA_FIELDS: entry "chat:messages": "messages" is already in the chat allow-list, with its own checks']);
    // A field of every operation: refused where any of them has it (embeddings' input).
    expect(problems({ ...base, GATEWAY_EXTRA_FIELDS: 'note,input' })).toEqual(['GATEWAY_EXTRA_FIELDS: entry "input": "input" is already in the embeddings allow-list, with its own checks']);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(problems({ ...base, GATEWAY_EXTRA_FIELDS: `chat:${name}` })).toEqual([`GATEWAY_EXTRA_FIELDS: entry "chat:${name}": "${name}" is a name every object inherits`]);
    }
    expect(loadGatewayConfig({ ...base, GATEWAY_EXTRA_FIELDS: 'chat:store_note,embeddings:messages' }).requests.extraFields).toEqual({ chat: ['store_note'], completions: [], embeddings: ['messages'] });
  });

  it('refuses unauthenticated modes outside their narrow use', () => {
    expect(problems({ ...base, AZURE_OPENAI_AUTH: 'none' })).toEqual(['AZURE_OPENAI_AUTH: "none" is only for loopback test upstreams']);
    expect(problems({ ...base, GATEWAY_AUTH: 'none', WEBSITE_SITE_NAME: 'func-aoai', REDIS_URL: 'rediss://r:10000' })).toEqual(['GATEWAY_AUTH: "none" is refused when running in Azure']);
    expect(problems({ ...base, WEBSITE_SITE_NAME: 'func-aoai' })).toEqual(['REDIS_URL: is required in Azure (budgets must be shared by every instance)']);
    expect(loadGatewayConfig({ ...base, WEBSITE_SITE_NAME: 'func-aoai', REDIS_URL: 'rediss://r.redis.azure.net:10000' }).redis).toEqual({ url: 'rediss://r.redis.azure.net:10000', auth: 'entra' });
  });

  it('npm run gateway stops with every problem once, naming each variable, without a stack trace', () => {
    const root = join(__dirname, '..', '..');
    const run = spawnSync(process.execPath, ['--require', 'ts-node/register/transpile-only', 'function/src/local.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, AZURE_OPENAI_ENDPOINT: 'https://aoai.openai.azure.com/', GATEWAY_DEPLOYMENTS: 'chat=gpt-9000', PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('Invalid gateway configuration:');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual(['- PORT', '- GATEWAY_DEPLOYMENTS', '- ENTRA_ISSUER', '- ENTRA_JWKS_URI', '- ENTRA_AUDIENCE']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
