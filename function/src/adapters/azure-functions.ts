import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import type { Logger } from '../core/audit';
import type { Gateway } from '../core/gateway';

/** Functions HttpRequest → web Request (same body stream, headers and cancellation). */
export function toRequest(req: HttpRequest): Request {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== null;
  return new Request(req.url, {
    method: req.method,
    headers: req.headers as unknown as Headers,
    body: hasBody ? (req.body as unknown as ReadableStream<Uint8Array>) : undefined,
    duplex: 'half',
  } as RequestInit);
}

/** web Response → Functions response (the body stays a stream: SSE passes through as it arrives). */
export function toResponseInit(response: Response): HttpResponseInit {
  return { status: response.status, headers: Object.fromEntries(response.headers), body: response.body ?? undefined } as HttpResponseInit;
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
    return toResponseInit(await gateway.handle(toRequest(req), { logger: invocationLogger(context) }));
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
