import { HttpRequest, InvocationContext } from '@azure/functions';
import { gatewayHandler, toRequest, toResponseInit } from '../../function/src/adapters/azure-functions';
import { loadGatewayConfig } from '../../function/src/config';
import { createRuntime } from '../../function/src/runtime';
import { BudgetStoreUnavailableError, costMicros, MemoryBudgetStore, priceFor, type SettleRequest } from '../../function/src/cost';
import type { Upstream } from '../../function/src/upstream/types';
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

  describe('the handler returns only once the call is settled (the host gives no lifetime after it)', () => {
    const usage = { prompt_tokens: 21, completion_tokens: 7 };
    const upstream: Upstream = {
      call: async () => ({ id: 'c1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { ...usage } }),
      stream: async () => {
        throw new Error('not used');
      },
    };
    const config = () =>
      loadGatewayConfig({
        GATEWAY_AUTH: 'none',
        AZURE_OPENAI_ENDPOINT: 'http://127.0.0.1:9',
        AZURE_OPENAI_AUTH: 'none',
        GATEWAY_DEPLOYMENTS: 'chat=gpt-4o-mini@global',
        BUDGET_DAILY_USD: '10',
        BUDGET_MONTHLY_USD: '100',
        BUDGET_SETTLE_RETRIES: '0',
      });
    const invoke = async (store: MemoryBudgetStore, url: string, init: { method: string; body?: string }) => {
      const runtime = await createRuntime(config(), { store, upstream });
      const lines: string[] = [];
      const context = new InvocationContext({ functionName: 'chatCompletions', logHandler: (_level, ...args) => lines.push(String(args[0])) });
      const req = new HttpRequest({ url, method: init.method, headers: { 'content-type': 'application/json' }, ...(init.body ? { body: { string: init.body } } : {}) });
      const init2 = await gatewayHandler(Promise.resolve(runtime.gateway))(req, context);
      return { init: init2, events: lines.map((l) => JSON.parse(l)), runtime };
    };
    const CHAT = 'https://func-aoai.azurewebsites.net/openai/deployments/chat/chat/completions?api-version=2024-10-21';
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 50 });

    it('settles before returning: the spend is recorded and the one audit event carries its cost', async () => {
      const order: string[] = [];
      const store = new (class extends MemoryBudgetStore {
        override async settle(req: SettleRequest): Promise<boolean> {
          const r = await super.settle(req);
          order.push('settled');
          return r;
        }
      })();
      const { init, events } = await invoke(store, CHAT, { method: 'POST', body });
      order.push('returned');
      expect(init.status).toBe(200);
      expect(order).toEqual(['settled', 'returned']);
      const cost = costMicros({ promptTokens: 21, completionTokens: 7 }, priceFor('gpt-4o-mini', 'global').price);
      const audits = events.filter((e) => e.event === 'aoai.gateway.request');
      expect(audits).toEqual([expect.objectContaining({ status: 200, promptTokens: 21, completionTokens: 7, costUsd: cost / 1e6 })]);
      const { init: report } = await invoke(store, 'https://func-aoai.azurewebsites.net/usage', { method: 'GET' });
      expect(JSON.parse(String(report.body)).daily).toMatchObject({ requests: 1, spent_usd: cost / 1e6, reserved_usd: 0 });
    });

    it('logs a settle that fails before returning, and keeps the reservation to be charged in full', async () => {
      const store = new (class extends MemoryBudgetStore {
        override async settle(): Promise<boolean> {
          throw new BudgetStoreUnavailableError(new Error('down'));
        }
      })();
      const { init, events } = await invoke(store, CHAT, { method: 'POST', body });
      expect(init.status).toBe(200); // the answer is not lost
      const audits = events.filter((e) => e.event === 'aoai.gateway.request');
      expect(audits).toHaveLength(1);
      expect(events.filter((e) => e.event === 'aoai.gateway.settle_failed')).toEqual([
        { event: 'aoai.gateway.settle_failed', requestId: audits[0].requestId, error: 'BudgetUnavailableError' },
      ]);
      const { init: report } = await invoke(store, 'https://func-aoai.azurewebsites.net/usage', { method: 'GET' });
      const daily = JSON.parse(String(report.body)).daily;
      expect(daily).toMatchObject({ requests: 0, spent_usd: 0 });
      expect(daily.reserved_usd).toBeGreaterThan(0);
    });
  });
});
