/** npm run gateway — the same core on a developer machine (in-memory budgets when REDIS_URL is unset). */
import { loadGatewayConfig, GatewayConfigError } from './config';
import { createRuntime } from './runtime';
import { createLocalServer } from './adapters/local-server';

async function main() {
  const config = loadGatewayConfig();
  const runtime = await createRuntime(config);
  const server = createLocalServer(runtime.gateway, { maxBodyBytes: config.maxBodyBytes });
  server.listen(config.port, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    console.log(JSON.stringify({ event: 'aoai.gateway.listening', url: `http://127.0.0.1:${port}`, budgetStore: config.redis ? 'redis' : 'memory' }));
  });
  const stop = () => server.close(() => void runtime.close());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  // Start-up problems are the operator's to fix: the message, once, never a stack trace.
  console.error(e instanceof GatewayConfigError ? e.message : `The gateway could not start: ${(e as Error)?.message ?? String(e)}`);
  process.exit(1);
});
