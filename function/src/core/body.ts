import { badRequest, GatewayError } from './errors';

/** Reads a JSON body of at most `limit` bytes: 413 past the limit, 400 when it is not JSON. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  const tooLarge = () => new GatewayError(413, 'request_too_large', `the request body exceeds ${limit} bytes`);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) throw badRequest('invalid_request', 'the request has no body');
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('invalid_json', 'the request body is not valid JSON');
  }
}
