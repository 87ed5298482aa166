import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
  /** The request body's bytes as they arrived. */
  bytes: Buffer;
}

type Mode = 'ok' | '429' | '500' | 'hang' | 'hold' | 'stall';

/**
 * A loopback server that speaks Azure OpenAI's REST contract for chat completions (plain and
 * streamed), legacy completions and embeddings, with scripted failures.
 */
export class FakeAzureOpenAI {
  readonly received: Received[] = [];
  /** Client ports of every connection that sent a request (keep-alive reuses one). */
  readonly connections = new Set<number>();
  /** Modes for the next calls, consumed in order; 'ok' when empty. */
  readonly script: Mode[] = [];
  usage = { prompt_tokens: 21, completion_tokens: 7 };
  /** What the model answers: chat content (and, streamed, the deltas in order). */
  reply: { content?: string | null; deltas?: string[]; refusal?: string; toolArguments?: string; logprobs?: boolean } = {};
  /** How a JSON answer is written (a test can give the service's text a shape of its own). */
  format: (body: unknown) => string = (body) => JSON.stringify(body);
  /** Usage of every call answered with 200: what the service billed. */
  readonly billed: { prompt_tokens: number; completion_tokens: number }[] = [];
  private held: (() => void)[] = [];
  private server!: Server;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      this.connections.add(req.socket.remotePort ?? 0);
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', this.url);
        const bytes = Buffer.concat(chunks);
        const raw = bytes.toString('utf8');
        const body = raw ? JSON.parse(raw) : undefined;
        this.received.push({ path: url.pathname, query: url.searchParams, headers: req.headers, body, bytes });
        const mode = this.script.shift() ?? 'ok';
        if (mode === 'hang') return; // never answers
        if (mode === 'hold') {
          // Answers normally once release() is called.
          this.held.push(() => this.answer(req, res, url, body, 'ok'));
          return;
        }
        this.answer(req, res, url, body, mode);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Lets every held call answer. */
  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  get holding(): number {
    return this.held.length;
  }

  private answer(_req: IncomingMessage, res: import('node:http').ServerResponse, url: URL, body: any, mode: Mode): void {
    {
      {
        if (mode === '429') {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '10' });
          return void res.end(JSON.stringify({ error: { code: '429', message: 'Requests to the deployment have exceeded the rate limit.' } }));
        }
        if (mode === '500') {
          res.writeHead(500, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ error: { code: 'InternalServerError', message: 'boom' } }));
        }
        const m = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|completions|embeddings)$/.exec(url.pathname);
        if (!m || !url.searchParams.get('api-version')) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ error: { code: '404', message: 'Resource not found' } }));
        }
        const usage = { ...this.usage, total_tokens: this.usage.prompt_tokens + this.usage.completion_tokens };
        if (mode !== 'stall') this.billed.push({ ...this.usage });
        if (m[2] === 'embeddings') {
          const inputs = Array.isArray(body.input) ? body.input : [body.input];
          const vector = new Float32Array([0.1, 0.2, 0.3]);
          const data = inputs.map((_: unknown, index: number) => ({
            object: 'embedding',
            index,
            embedding: body.encoding_format === 'base64' ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector),
          }));
          return this.json(res, { object: 'list', data, model: 'text-embedding-3-small', usage: { prompt_tokens: usage.prompt_tokens, total_tokens: usage.prompt_tokens } });
        }
        if (m[2] === 'completions') {
          return this.json(res, { id: 'cmpl-1', object: 'text_completion', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, text: ' done.', finish_reason: 'stop' }], usage });
        }
        if (body.stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini' };
          const includeUsage = body.stream_options?.include_usage === true;
          const u = includeUsage ? { usage: null } : {};
          const deltas = this.reply.deltas ?? ['Hello', ' world'];
          const events = [
            { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], ...u },
            ...deltas.map((content) => ({ ...base, choices: [{ index: 0, delta: { content }, ...(this.reply.logprobs ? { logprobs: { content: [{ token: content, logprob: -0.1 }] } } : {}), finish_reason: null }], ...u })),
            ...(this.reply.toolArguments !== undefined
              ? [{ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: this.reply.toolArguments } }] }, finish_reason: null }], ...u }]
              : []),
            { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...u },
            ...(includeUsage ? [{ ...base, choices: [], usage }] : []),
          ];
          if (mode === 'stall') {
            res.write(`data: ${JSON.stringify(events[0])}\n\n`);
            return; // the model goes quiet mid-stream
          }
          for (const e of events) res.write(`data: ${JSON.stringify(e)}\n\n`);
          return void res.end('data: [DONE]\n\n');
        }
        const message: Record<string, unknown> = { role: 'assistant', content: this.reply.content === undefined ? 'Hello from the loopback model.' : this.reply.content };
        if (this.reply.refusal !== undefined) message.refusal = this.reply.refusal;
        if (this.reply.toolArguments !== undefined) message.tool_calls = [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: this.reply.toolArguments } }];
        const logprobs = this.reply.logprobs ? { content: String(message.content ?? '').split(' ').map((token) => ({ token, logprob: -0.1 })) } : null;
        return this.json(res, {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          created: 1,
          model: 'gpt-4o-mini',
          choices: [{ index: 0, message, logprobs, finish_reason: 'stop' }],
          usage,
        });
      }
    }
  }

  private json(res: import('node:http').ServerResponse, body: unknown) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(this.format(body));
  }

  async stop(): Promise<void> {
    this.held.length = 0;
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
