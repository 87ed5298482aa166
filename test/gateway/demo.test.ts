import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEMO_REQUESTS, curlFor, sdkSnippet } from '../../function/src/demo';
import { startAzureOpenAiStandin } from '../../function/src/demo/azure-openai-standin';
import { withoutIds } from '../helpers/ids';

const ROOT = join(__dirname, '../..');

describe('npm run gateway:demo', () => {
  let child: ChildProcess;
  let stdout = '';
  let base = '';

  beforeAll(async () => {
    // Its own process group, so that npm, its shell and node stop together.
    child = spawn('npm', ['run', '--silent', 'gateway:demo'], { cwd: ROOT, env: { ...process.env, PORT: '0', REDIS_URL: '' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c) => (stdout += c));
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    base = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const m = /^Gateway demo: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
        if (m && stdout.includes('Ctrl-C stops.')) resolve(m[1]);
      });
      child.once('exit', (code) => reject(new Error(`demo exited (${code}): ${stderr}`)));
    });
  }, 60_000);

  afterAll(() => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
  });

  const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('prints a ready-to-paste curl for each example and an openai SDK snippet', () => {
    for (const r of DEMO_REQUESTS) expect(stdout).toContain(`${curlFor(base, r)}\n`);
    expect(stdout).toContain(`${sdkSnippet(base)}\n`);
  });

  it('answers the governed call, blocks the card number, refuses the over-budget request', async () => {
    const answers = [];
    for (const r of DEMO_REQUESTS) {
      const res = await post(r.path, r.body);
      answers.push({ status: res.status, body: (await res.json()) as any });
    }
    expect(answers.map((a) => a.status)).toEqual(DEMO_REQUESTS.map((r) => r.status));
    expect(answers[0].body.choices[0].message.content).toContain('The gateway let your request through');
    expect(answers[0].body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(answers[1].body.error).toMatchObject({ code: 'sensitive_data_detected', type: 'invalid_request_error' });
    expect(answers[1].body.error.message).toContain('CREDIT_CARD');
    expect(answers[2].body.error).toMatchObject({ code: 'budget_exceeded', type: 'rate_limit_error' });
  });

  it('runs the printed SDK snippet as written', () => {
    const r = spawnSync('sh', ['-c', sdkSnippet(base)], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(r.stdout).toContain('last user message read: "Hello through the gateway"');
  });

  it('streams and embeds through the same pipeline', async () => {
    const streamed = await post(DEMO_REQUESTS[0].path, { ...DEMO_REQUESTS[0].body, stream: true, stream_options: { include_usage: true } });
    expect(streamed.status).toBe(200);
    const events = (await streamed.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e.replace(/^data: /, '')));
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toContain('The gateway let your request through');
    const embedded = await post('/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21', { input: ['a', 'b'] });
    const body = (await embedded.json()) as any;
    expect(embedded.status).toBe(200);
    expect(body.data.map((d: any) => d.embedding.length)).toEqual([1536, 1536]);
  });

  it('logs one audit event per call, without the prompt', () => {
    const events = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .filter((e) => e.event === 'aoai.gateway.request');
    expect(events.slice(0, 3).map((e) => [e.status, e.errorCode])).toEqual([
      [200, null],
      [400, 'sensitive_data_detected'],
      [429, 'budget_exceeded'],
    ]);
    expect(events[1].dlp).toEqual({ action: 'block', findings: { CREDIT_CARD: 1 } });
    expect(withoutIds(JSON.stringify(events))).not.toMatch(/4111|Summarise our travel policy/);
  });
});

describe('the Azure OpenAI stand-in', () => {
  it('answers as Azure does for an unknown deployment, a missing api-version and a bad body', async () => {
    const standin = await startAzureOpenAiStandin({ deployments: { 'gpt-4o': 'gpt-4o' } });
    try {
      const at = (path: string, body = '{}') => fetch(new URL(path, standin.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const unknown = await at('openai/deployments/nope/chat/completions?api-version=2024-10-21');
      expect([unknown.status, ((await unknown.json()) as any).error.code]).toEqual([404, 'DeploymentNotFound']);
      const noVersion = await at('openai/deployments/gpt-4o/chat/completions');
      expect([noVersion.status, ((await noVersion.json()) as any).error.code]).toEqual([400, 'MissingApiVersionParameter']);
      const bad = await at('openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', '{not json');
      expect([bad.status, ((await bad.json()) as any).error.code]).toEqual([400, 'BadRequest']);
      // "//openai/…", as the openai SDK sends for an endpoint ending in "/".
      const doubled = await at(`${standin.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, '{"messages":[{"role":"user","content":"hi"}]}');
      expect(doubled.status).toBe(200);
    } finally {
      await standin.close();
    }
  });
});
