/**
 * npm run --silent usage [-- --caller <oid>] — the budget report for operators: spent, reserved
 * and limit per window for the gateway (and one caller), read from the gateway's Redis with the
 * gateway's own configuration (same environment variables). Exit 2 on bad usage or configuration.
 */
import { loadGatewayConfig, GatewayConfigError } from './config';
import { createGovernor, createStore } from './runtime';

export async function main(argv: string[]): Promise<number> {
  let caller: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--caller' && argv[i + 1]) caller = argv[++i];
    else {
      process.stderr.write(`usage: usage [--caller <entra-object-id>]\n`);
      return 2;
    }
  }
  let config;
  try {
    config = loadGatewayConfig();
  } catch (e) {
    process.stderr.write(`${e instanceof GatewayConfigError ? e.message : (e as Error).message}\n`);
    return 2;
  }
  if (!config.redis) {
    process.stderr.write('usage: REDIS_URL is required (an in-memory budget lives inside one running gateway)\n');
    return 2;
  }
  const store = await createStore(config);
  try {
    const report = await createGovernor(config, store).report(caller);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`usage: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
