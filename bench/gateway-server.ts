/**
 * The gateway alone in its own process (for bench:gateway): prints its URL, serves until killed.
 *
 * Audit events are serialized as the production loggers serialize them (one JSON string per event)
 * and then dropped: keeping every line in memory, as the test helper does, would make the benchmark
 * measure a growing heap, and writing them would measure the terminal.
 */
import type { Server } from 'node:http';
import { loadGatewayConfig } from '../function/src/config';
import { createRuntime } from '../function/src/runtime';
import { createLocalServer } from '../function/src/adapters/local-server';
import type { Logger } from '../function/src/core/audit';

let logged = 0;
const serialize = (e: Record<string, unknown>) => void (logged += JSON.stringify(e).length);
const logger: Logger = { info: serialize, warn: serialize, error: serialize };

async function main() {
  const config = loadGatewayConfig({ ...(process.env as Record<string, string>), PORT: '0' });
  const runtime = await createRuntime(config, { logger });
  const server: Server = createLocalServer(runtime.gateway, { maxBodyBytes: config.maxBodyBytes });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  process.stdout.write(`http://127.0.0.1:${(server.address() as { port: number }).port}\n`);
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void runtime.close().then(() => process.exit(logged >= 0 ? 0 : 1)));
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
