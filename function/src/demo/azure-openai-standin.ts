import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { PRICE_TABLE, type TokenEncodingName } from '../../../config/pricing';
import { contentText, countChatTokens, countInputTokens, countText, type ChatMessageLike } from '../cost/tokens';

/**
 * A stand-in for Azure OpenAI on the loopback interface, for `npm run gateway:demo`: it speaks
 * the data-plane REST contract the gateway's `openai` client uses
 * (POST /openai/deployments/{deployment}/chat/completions | completions | embeddings?api-version=…,
 * streamed chat completions as server-sent events ending in `data: [DONE]`, usage counted with
 * the model's tokenizer, errors as `{"error":{"code","message"}}`), and answers without a model:
 * a chat reply says what it received, an embedding is a deterministic unit vector.
 * Reference: https://learn.microsoft.com/azure/ai-services/openai/reference
 */
export interface AzureOpenAiStandin {
  /** `http://127.0.0.1:<port>/` — the gateway's AZURE_OPENAI_ENDPOINT. */
  readonly url: string;
  close(): Promise<void>;
}

export interface StandinOptions {
  /** Deployment name → model name; an unknown deployment is answered 404, as Azure does. */
  readonly deployments: Readonly<Record<string, string>>;
  /** @default 0 — any free port */
  readonly port?: number;
}

/** Largest request body the stand-in reads (the gateway caps bodies before they get here). */
const MAX_BODY = 8 * 1024 * 1024;
const EMBEDDING_DIMENSIONS = 1536;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const fail = (res: ServerResponse, status: number, code: string, message: string) => send(res, status, { error: { code, message } });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new RangeError('request body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** A unit vector that depends only on the text, so equal inputs embed equally. */
function embed(text: string, dimensions: number): number[] {
  const v: number[] = [];
  for (let block = 0; v.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && v.length < dimensions; i += 2) v.push(digest.readInt16BE(i) / 32768);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => +(x / norm).toFixed(6));
}

function reply(messages: readonly ChatMessageLike[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const text = contentText(last?.content).replace(/\s+/g, ' ').trim();
  const preview = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  return `This is the demo stand-in for Azure OpenAI (no model, no Azure). The gateway let your request through; the last user message read: "${preview}"`;
}

export function startAzureOpenAiStandin(options: StandinOptions): Promise<AzureOpenAiStandin> {
  const encodingOf = (model: string): TokenEncodingName => PRICE_TABLE[model]?.encoding ?? 'o200k_base';
  const server: Server = createServer((req, res) => {
    // The openai SDK joins an endpoint that ends in "/" (as Azure's do) into "//openai/…"; Azure
    // accepts it, and so does the stand-in. Collapsing first also keeps "//host" from parsing as a host.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), 'http://127.0.0.1');
    const m = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|completions|embeddings)$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return fail(res, 404, '404', 'Resource not found');
    if (!url.searchParams.get('api-version')) return fail(res, 400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    const deployment = decodeURIComponent(m[1]);
    const model = options.deployments[deployment];
    if (!model) return fail(res, 404, 'DeploymentNotFound', `The API deployment for this resource does not exist: ${deployment}`);
    const encoding = encodingOf(model);
    readJson(req).then(
      (raw) => {
        const body = (raw ?? {}) as Record<string, any>;
        const created = Math.floor(Date.now() / 1000);
        if (m[2] === 'embeddings') {
          const inputs: unknown[] = Array.isArray(body.input) ? body.input : [body.input];
          const dimensions = Number.isInteger(body.dimensions) && body.dimensions > 0 ? Math.min(body.dimensions, 3072) : EMBEDDING_DIMENSIONS;
          const promptTokens = countInputTokens(body.input, encoding);
          return send(res, 200, {
            object: 'list',
            model,
            data: inputs.map((input, index) => {
              const vector = embed(typeof input === 'string' ? input : JSON.stringify(input), dimensions);
              return { object: 'embedding', index, embedding: body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector };
            }),
            usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
          });
        }
        if (m[2] === 'completions') {
          const text = ' (demo stand-in: no model behind this completion)';
          const usage = { prompt_tokens: countInputTokens(body.prompt, encoding), completion_tokens: countText(text, encoding) };
          return send(res, 200, { id: `cmpl-demo-${created}`, object: 'text_completion', created, model, choices: [{ index: 0, text, finish_reason: 'stop', logprobs: null }], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
        }
        const messages: ChatMessageLike[] = Array.isArray(body.messages) ? body.messages : [];
        const content = reply(messages);
        const prompt = countChatTokens(messages, encoding, body.tools);
        const completion = countText(content, encoding);
        const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
        const id = `chatcmpl-demo-${created}`;
        if (body.stream === true) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          const withUsage = body.stream_options?.include_usage === true;
          const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
            res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...(withUsage ? { usage: null } : {}), ...extra })}\n\n`);
          chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
          for (const word of content.split(/(?<= )/)) chunk([{ index: 0, delta: { content: word }, finish_reason: null }]);
          chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
          if (withUsage) chunk([], { usage });
          return res.end('data: [DONE]\n\n');
        }
        return send(res, 200, {
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage,
        });
      },
      (e: unknown) => (e instanceof RangeError ? fail(res, 413, 'RequestEntityTooLarge', e.message) : fail(res, 400, 'BadRequest', 'the request body is not valid JSON')),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
