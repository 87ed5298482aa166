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

/**
 * A whole JSON answer as the adapters write it: status, headers and the serialized body, without the
 * web Response (and ReadableStream) that a fetch-style host would build around it.
 */
export interface JsonReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A reply whose body is JSON text already. */
export const jsonTextReply = (status: number, text: string, headers: Record<string, string> = {}): JsonReply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: text,
});

export const jsonReply = (status: number, body: unknown, headers: Record<string, string> = {}): JsonReply => jsonTextReply(status, JSON.stringify(body), headers);

export function errorReply(e: GatewayError, requestId?: string): JsonReply {
  return jsonReply(e.status, { error: { code: e.code, message: e.message, type: e.type } }, { ...(requestId ? { 'x-request-id': requestId } : {}), ...e.headers });
}

export function errorResponse(e: GatewayError, requestId?: string): Response {
  const reply = errorReply(e, requestId);
  return new Response(reply.body, { status: reply.status, headers: reply.headers });
}

export const badRequest = (code: string, message: string) => new GatewayError(400, code, message);
