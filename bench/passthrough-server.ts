/**
 * A bare pass-through proxy in its own process (for bench:gateway): the floor under the gateway's
 * added latency. It does what any proxy in front of the same loopback upstream must do and nothing
 * else: reads the request body, sends it with its path and content-type over a keep-alive agent,
 * reads the whole answer and writes it back with its length (the gateway's plain JSON path does the
 * same). No authentication, no DLP, no budget store. Prints its URL, serves until killed.
 */
import { Agent, createServer, request } from 'node:http';

const upstream = new URL(process.env.UPSTREAM_URL ?? '');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const out = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        agent,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json', 'content-length': String(body.length), accept: 'application/json' },
      },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8');
          res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.end(text);
        });
      },
    );
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    out.end(body);
  });
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as { port: number }).port}\n`));
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
