/** The gateway alone in its own process (for bench:gateway): prints its URL, serves until killed. */
import { startGateway } from '../test/helpers/gateway';

startGateway(process.env as Record<string, string>).then((gw) => {
  process.stdout.write(`${gw.url}\n`);
  process.once('SIGTERM', () => void gw.close().then(() => process.exit(0)));
});
