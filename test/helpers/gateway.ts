import type { Server } from 'node:http';
import { loadGatewayConfig } from '../../function/src/config';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../function/src/runtime';
import { createLocalServer } from '../../function/src/adapters/local-server';
import type { Logger } from '../../function/src/core/audit';

export interface RunningGateway {
  url: string;
  logs: string[];
  runtime: Runtime;
  close(): Promise<void>;
}

/**
 * The gateway's settings for tests against loopback peers: Entra tokens from a loopback issuer, a
 * loopback Azure OpenAI without auth, budgets in the test's redis-server, DLP blocking everything.
 */
export function loopbackGatewayEnv(
  peers: { upstream: { url: string }; issuer: { issuer: string; audience: string; jwksUri: string }; redis: { url: string } },
  settings: Record<string, string>,
): Record<string, string> {
  return {
    AZURE_OPENAI_ENDPOINT: peers.upstream.url,
    AZURE_OPENAI_AUTH: 'none',
    GATEWAY_AUTH: 'entra',
    ENTRA_ISSUER: peers.issuer.issuer,
    ENTRA_AUDIENCE: peers.issuer.audience,
    ENTRA_JWKS_URI: peers.issuer.jwksUri,
    REDIS_URL: peers.redis.url,
    BUDGET_DAILY_USD: '50',
    BUDGET_MONTHLY_USD: '500',
    DLP_ACTION: 'block',
    DLP_PROFILE: 'all',
    ...settings,
  };
}

/**
 * The real gateway (config → runtime → local server) on a loopback port, capturing every log line;
 * `overrides` inject the runtime's clock, random source or sleep (the logger is always the capture).
 */
export async function startGateway(env: Record<string, string>, overrides: Omit<RuntimeOverrides, 'logger'> = {}): Promise<RunningGateway> {
  const logs: string[] = [];
  const logger: Logger = {
    info: (e) => logs.push(JSON.stringify(e)),
    warn: (e) => logs.push(JSON.stringify(e)),
    error: (e) => logs.push(JSON.stringify(e)),
  };
  const config = loadGatewayConfig({ PORT: '0', ...env });
  const runtime = await createRuntime(config, { ...overrides, logger });
  const server: Server = createLocalServer(runtime.gateway, { maxBodyBytes: config.maxBodyBytes });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    logs,
    runtime,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await runtime.close();
    },
  };
}
