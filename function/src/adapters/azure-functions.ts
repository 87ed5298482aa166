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

/**
 * Waits for the work a reply still owes (its budget settle; see GatewayJsonReply.deferred) before the
 * handler returns. Here the answer leaves only when the handler returns, and the platform gives an
 * invocation no lifetime after that: an async handler's invocation is complete when its promise
 * resolves, and the Functions Node.js developer guide
 * (https://learn.microsoft.com/azure/azure-functions/functions-reference-node) has asynchronous work
 * awaited inside the handler; code an invocation leaves behind is not guaranteed to run (an idle
 * Consumption or Flex Consumption instance may be frozen or scaled in). The local server, a process of
 * its own, lets the settle run after the answer is written.
 */
export async function settled(reply: GatewayReply): Promise<void> {
  if (!(reply instanceof Response)) await reply.deferred;
}

/** The invocation's logger, so audit events land in Application Insights with the invocation. */
export function invocationLogger(context: InvocationContext): Logger {
  return {
    info: (e) => context.log(JSON.stringify(e)),
    warn: (e) => context.warn(JSON.stringify(e)),
    error: (e) => context.error(JSON.stringify(e)),
  };
}

/** One invocation: the gateway's answer, returned once the work it still owes (its settle) is done. */
export function gatewayHandler(gatewayPromise: Promise<Gateway>): (req: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> {
  return async (req, context) => {
    const gateway = await gatewayPromise;
    const reply = await gateway.serve(toRequest(req), { logger: invocationLogger(context) });
    await settled(reply);
    return toResponseInit(reply);
  };
}

/**
 * Registers the Azure OpenAI routes. host.json sets an empty route prefix, so the paths are
 * Azure OpenAI's own and the official clients work by changing only the endpoint.
 */
export function registerFunctions(gatewayPromise: Promise<Gateway>): void {
  app.setup({ enableHttpStream: true });
  const handler = gatewayHandler(gatewayPromise);
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
