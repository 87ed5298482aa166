/** Errors in OpenAI's shape: {"error":{"code","message","type"}}. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: string = status >= 500 ? 'server_error' : 'invalid_request_error',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export function errorResponse(e: GatewayError, requestId?: string): Response {
  return new Response(JSON.stringify({ error: { code: e.code, message: e.message, type: e.type } }), {
    status: e.status,
    headers: { 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}), ...e.headers },
  });
}

export const badRequest = (code: string, message: string) => new GatewayError(400, code, message);
