import { HttpRequest } from '@azure/functions';
import { toRequest, toResponseInit } from '../../function/src/adapters/azure-functions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('Azure Functions adapter', () => {
  it('hands the gateway the Functions request\'s own method, URL, headers and body', async () => {
    const req = new HttpRequest({
      url: 'https://func-aoai.azurewebsites.net/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
      method: 'POST',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: { string: '{"messages":[]}' },
    });
    const request = toRequest(req);
    expect(request.method).toBe('POST');
    expect(new URL(request.url).pathname).toBe('/openai/deployments/gpt-4o/chat/completions');
    expect(request.headers.get('authorization')).toBe('Bearer abc');
    expect(request.body).toBe(req.body);
    expect(await new Response(request.body).text()).toBe('{"messages":[]}');
  });

  it('answers a whole JSON reply as its string, headers included', () => {
    const init = toResponseInit({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '5' }, body: '{"error":{}}' });
    expect(init).toEqual({ status: 429, headers: { 'content-type': 'application/json', 'retry-after': '5' }, body: '{"error":{}}' });
  });

  it('passes a streamed body through untouched', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('data: 1\n\n'));
        c.close();
      },
    });
    const init = toResponseInit(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    expect(init.status).toBe(200);
    expect(init.headers).toEqual({ 'content-type': 'text/event-stream' });
    expect(init.body).toBe(body);
  });

  it('host.json serves Azure OpenAI paths without a route prefix', () => {
    const host = JSON.parse(readFileSync(join(__dirname, '../../function/host.json'), 'utf8'));
    expect(host.extensions.http.routePrefix).toBe('');
  });
});
