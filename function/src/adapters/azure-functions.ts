import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import type { Logger } from '../core/audit';
import type { Gateway, GatewayReply, GatewayRequest } from '../core/gateway';

/**
 * Functions HttpRequest → the gateway's request: its own URL, method, Headers and body stream,
 * read as they are. @azure/functions 4.16.5 has already built a web Request behind the HttpRequest
 * (src/http/HttpRequest.ts:135-183: createStreamRequest wraps the host's proxied IncomingMessage);
 * no second one is built here.
 */
export function toRequest(req: HttpRequest): GatewayRequest {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== null;
  return { method: req.method, url: req.url, headers: req.headers, body: hasBody ? (req.body as unknown as ReadableStream<Uint8Array>) : null };
}

/**
 * The gateway's reply → Functions response: a whole JSON answer as its string, a stream as the
 * stream (SSE passes through as it arrives). The library wraps either in its own web Response
 * (src/converters/toRpcHttp.ts:21, src/http/HttpResponse.ts:24-55) and copies its body to the host
 * (src/http/httpProxy.ts:52-74), so the gateway builds none for JSON.
 */
export function toResponseInit(reply: GatewayReply): HttpResponseInit {
  if (!(reply instanceof Response)) return { status: reply.status, headers: { ...reply.headers }, body: reply.body };
  return { status: reply.status, headers: Object.fromEntries(reply.headers), body: reply.body ?? undefined } as HttpResponseInit;
}

/** The invocation's logger, so audit events land in Application Insights with the invocation. */
export function invocationLogger(context: InvocationContext): Logger {
  return {
    info: (e) => context.log(JSON.stringify(e)),
    warn: (e) => context.warn(JSON.stringify(e)),
    error: (e) => context.error(JSON.stringify(e)),
  };
}

/**
 * Registers the Azure OpenAI routes. host.json sets an empty route prefix, so the paths are
 * Azure OpenAI's own and the official clients work by changing only the endpoint.
 */
export function registerFunctions(gatewayPromise: Promise<Gateway>): void {
  app.setup({ enableHttpStream: true });
  const handler = async (req: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const gateway = await gatewayPromise;
    return toResponseInit(await gateway.serve(toRequest(req), { logger: invocationLogger(context) }));
  };
  const routes: [string, string, ('GET' | 'POST')[]][] = [
    ['chatCompletions', 'openai/deployments/{deployment}/chat/completions', ['POST']],
    ['completions', 'openai/deployments/{deployment}/completions', ['POST']],
    ['embeddings', 'openai/deployments/{deployment}/embeddings', ['POST']],
    ['usage', 'usage', ['GET']],
    ['healthz', 'healthz', ['GET']],
    ['operatorBackends', 'operator/backends', ['GET']],
  ];
  for (const [name, route, methods] of routes) app.http(name, { route, methods, authLevel: 'anonymous', handler });
}
