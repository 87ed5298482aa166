import { HttpRequest } from '@azure/functions';
import { toRequest, toResponseInit } from '../../function/src/adapters/azure-functions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('Azure Functions adapter', () => {
  it('turns a Functions request into a web Request with the same method, URL, headers and body', async () => {
    const req = new HttpRequest({
      url: 'https://func-aoai.azurewebsites.net/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
      method: 'POST',
      headers: { authorization: 'Bearer abc', 'content-type': 'application/json' },
      body: { string: '{"messages":[]}' },
    });
    const web = toRequest(req);
    expect(web.method).toBe('POST');
    expect(new URL(web.url).pathname).toBe('/openai/deployments/gpt-4o/chat/completions');
    expect(web.headers.get('authorization')).toBe('Bearer abc');
    expect(await web.text()).toBe('{"messages":[]}');
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
