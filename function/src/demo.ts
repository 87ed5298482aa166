/**
 * npm run gateway:demo — the gateway on this machine without Azure: the real pipeline (DLP,
 * token counting, budget reservation, the official `openai` client upstream, audit events)
 * against a loopback Azure OpenAI stand-in, with budgets in memory and no caller
 * authentication. Prints ready-to-paste requests: a governed call, a DLP block and a budget
 * refusal. Only for a first look: it listens on 127.0.0.1 and nothing in it reaches Azure.
 */
import { GatewayConfigError, loadGatewayConfig } from './config';
import { createLocalServer } from './adapters/local-server';
import { createRuntime } from './runtime';
import { startAzureOpenAiStandin } from './demo/azure-openai-standin';

export const DEMO_API_VERSION = '2024-10-21';
export const DEMO_DEPLOYMENTS: Readonly<Record<string, string>> = { 'gpt-4o': 'gpt-4o', 'text-embedding-3-small': 'text-embedding-3-small' };
/** Small enough that one large request is refused, large enough for many small ones. */
export const DEMO_DAILY_BUDGET_USD = 0.01;

/** The gateway's environment for the demo; only PORT is taken from the caller's. */
export function demoEnvironment(standinUrl: string, port = '8080'): NodeJS.ProcessEnv {
  return {
    AZURE_OPENAI_ENDPOINT: standinUrl,
    AZURE_OPENAI_API_VERSION: DEMO_API_VERSION,
    AZURE_OPENAI_AUTH: 'none', // accepted for loopback endpoints only (function/src/config.ts)
    AZURE_OPENAI_MAX_RETRIES: '0',
    GATEWAY_AUTH: 'none', // refused in Azure (function/src/config.ts)
    GATEWAY_DEPLOYMENTS: Object.entries(DEMO_DEPLOYMENTS).map(([name, model]) => `${name}=${model}`).join(','),
    BUDGET_DAILY_USD: String(DEMO_DAILY_BUDGET_USD),
    BUDGET_MONTHLY_USD: String(DEMO_DAILY_BUDGET_USD * 30),
    DLP_ACTION: 'block',
    DLP_PROFILE: 'all',
    PORT: port,
  };
}

export interface DemoRequest {
  readonly title: string;
  /** The status the gateway answers with. */
  readonly status: number;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

const chat = (deployment: string) => `/openai/deployments/${deployment}/chat/completions?api-version=${DEMO_API_VERSION}`;

export const DEMO_REQUESTS: readonly DemoRequest[] = [
  {
    title: 'A governed call goes through: counted, reserved, forwarded, settled, audited',
    status: 200,
    path: chat('gpt-4o'),
    body: { messages: [{ role: 'user', content: 'Summarise our travel policy in one sentence.' }], max_tokens: 100 },
  },
  {
    title: 'A prompt with a card number is blocked by DLP before any model sees it',
    status: 400,
    path: chat('gpt-4o'),
    body: { messages: [{ role: 'user', content: 'Refund card 4111 1111 1111 1111, expiry 12/29.' }], max_tokens: 100 },
  },
  {
    title: `A request whose worst case (3,500 output tokens of gpt-4o) exceeds the $${DEMO_DAILY_BUDGET_USD} daily budget is refused`,
    status: 429,
    path: chat('gpt-4o'),
    body: { messages: [{ role: 'user', content: 'Write a long report on budgets.' }], max_tokens: 3500 },
  },
];

/** A POSIX shell single-quoted word. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlFor(base: string, request: DemoRequest): string {
  return `curl -sS -w '\\nHTTP %{http_code}\\n' ${shellQuote(`${base}${request.path}`)} -H 'content-type: application/json' -d ${shellQuote(JSON.stringify(request.body))}`;
}

/** The same governed call through the official `openai` SDK, as a one-line command. */
export function sdkSnippet(base: string): string {
  // Double quotes only, so the shell's single quotes need no escaping.
  const js = [
    'const { AzureOpenAI } = require("openai");',
    `const client = new AzureOpenAI({ endpoint: "${base}", apiKey: "demo-no-key", apiVersion: "${DEMO_API_VERSION}", deployment: "gpt-4o" });`,
    'client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hello through the gateway" }], max_tokens: 100 })',
    '.then((r) => console.log(r.choices[0].message.content), (e) => { console.error(e.status, e.message); process.exit(1); });',
  ].join(' ');
  return `node -e ${shellQuote(js)}`;
}

export function demoGuide(base: string, standinUrl: string): string {
  const lines = [
    `Gateway demo: ${base}`,
    `  upstream: Azure OpenAI stand-in at ${standinUrl} (no model, no Azure); budgets in memory; DLP block; no caller authentication`,
    `  deployments: ${Object.keys(DEMO_DEPLOYMENTS).join(', ')}; daily budget $${DEMO_DAILY_BUDGET_USD}`,
    '',
  ];
  DEMO_REQUESTS.forEach((r, i) => lines.push(`${i + 1}. ${r.title} (HTTP ${r.status}):`, curlFor(base, r), ''));
  lines.push('With the openai SDK (run it in this repository, where `openai` is installed):', sdkSnippet(base), '');
  lines.push('Each call logs one audit event (caller, tokens, cost, DLP finding types; never the prompt). Ctrl-C stops.');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const standin = await startAzureOpenAiStandin({ deployments: DEMO_DEPLOYMENTS });
  const config = loadGatewayConfig(demoEnvironment(standin.url, process.env.PORT || undefined));
  const runtime = await createRuntime(config);
  const server = createLocalServer(runtime.gateway, { maxBodyBytes: config.maxBodyBytes });
  server.once('error', (e: NodeJS.ErrnoException) => {
    process.stderr.write(e.code === 'EADDRINUSE' ? `PORT: ${config.port} is in use; set PORT to a free port (PORT=0 picks one)\n` : `gateway demo: ${e.message}\n`);
    void standin.close();
    process.exit(1);
  });
  server.listen(config.port, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(demoGuide(`http://127.0.0.1:${port}`, standin.url));
  });
  const stop = () => server.close(() => void Promise.all([runtime.close(), standin.close()]));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof GatewayConfigError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
