import type { Server } from 'node:http';
import { loadGatewayConfig } from '../../function/src/config';
import { createRuntime, type Runtime } from '../../function/src/runtime';
import { createLocalServer } from '../../function/src/adapters/local-server';
import type { Logger } from '../../function/src/core/audit';

export interface RunningGateway {
  url: string;
  logs: string[];
  runtime: Runtime;
  close(): Promise<void>;
}

/** The real gateway (config → runtime → local server) on a loopback port, capturing every log line. */
export async function startGateway(env: Record<string, string>): Promise<RunningGateway> {
  const logs: string[] = [];
  const logger: Logger = {
    info: (e) => logs.push(JSON.stringify(e)),
    warn: (e) => logs.push(JSON.stringify(e)),
    error: (e) => logs.push(JSON.stringify(e)),
  };
  const config = loadGatewayConfig({ PORT: '0', ...env });
  const runtime = await createRuntime(config, { logger });
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
