import { randomUUID } from 'node:crypto';
import {
  BudgetExceededError,
  BudgetUnavailableError,
  TokenCapError,
  UnknownDeploymentError,
  type CostGovernor,
  type RequestKind,
  type Reservation,
} from '../cost';
import { InputTooLargeError, redact, type DlpPolicy } from '../dlp';
import { UpstreamError, type Upstream, type UsageLike } from '../upstream/types';
import { AUDIT_EVENT, type AuditEvent, type Logger } from './audit';
import type { Authenticator, Caller } from './auth';
import { readJson } from './body';
import { errorResponse, GatewayError } from './errors';
import { parseBody, textSlots, type AnyBody, type Operation } from './requests';

export interface GatewayDeps {
  readonly authenticator: Authenticator;
  readonly governor: CostGovernor;
  readonly dlp: DlpPolicy;
  readonly upstream: Upstream;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** Scan (and redact) model output too, for non-streamed responses. */
  readonly scanCompletions?: boolean;
}

export interface Gateway {
  handle(request: Request, context?: { logger?: Logger }): Promise<Response>;
}

const ROUTE = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|completions|embeddings)$/;
const OPERATION: Record<string, Operation> = { 'chat/completions': 'chat', completions: 'completions', embeddings: 'embeddings' };

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** Usage as the governor wants it; missing usage is charged at the reserved worst case. */
function tokenUsage(usage: UsageLike | null | undefined, reservation: Reservation) {
  if (!usage || typeof usage.prompt_tokens !== 'number') {
    return { promptTokens: reservation.plan.promptTokens, completionTokens: reservation.plan.completionCeiling * reservation.plan.choices };
  }
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens ?? 0,
    cachedPromptTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** Maps what can go wrong to OpenAI-shaped errors. Nothing here carries request content. */
function toGatewayError(e: unknown): GatewayError {
  if (e instanceof GatewayError) return e;
  if (e instanceof UnknownDeploymentError) return new GatewayError(404, 'DeploymentNotFound', `the deployment "${e.deployment}" does not exist on this gateway`);
  if (e instanceof TokenCapError) return new GatewayError(400, 'max_tokens_exceeded', e.message);
  if (e instanceof InputTooLargeError) return new GatewayError(413, 'request_too_large', 'the prompt is larger than the DLP scan limit');
  if (e instanceof BudgetExceededError) {
    return new GatewayError(429, 'budget_exceeded', e.message, 'rate_limit_error', { 'retry-after': String(e.retryAfterSeconds) });
  }
  if (e instanceof BudgetUnavailableError) return new GatewayError(503, 'budget_store_unavailable', e.message, 'server_error', { 'retry-after': '5' });
  if (e instanceof UpstreamError) {
    const headers: Record<string, string> = e.retryAfterSeconds !== undefined ? { 'retry-after': String(e.retryAfterSeconds) } : {};
    return new GatewayError(e.status, e.code, e.message, e.status === 429 ? 'rate_limit_error' : e.status >= 500 ? 'server_error' : 'invalid_request_error', headers);
  }
  return new GatewayError(500, 'internal_error', 'the gateway failed to process the request', 'server_error');
}

/** The framework-free pipeline: authenticate → validate → DLP → token cap → reserve → upstream → settle → audit. */
export function createGateway(deps: GatewayDeps): Gateway {
  const { governor, dlp, upstream } = deps;


  async function handle(request: Request, context: { logger?: Logger } = {}): Promise<Response> {
    const logger = context.logger ?? deps.logger;
    const url = new URL(request.url);
    const path = url.pathname.replace(/\/+$/, '') || '/';

    if (path === '/healthz') return request.method === 'GET' ? json(200, { status: 'ok' }) : errorResponse(new GatewayError(405, 'method_not_allowed', 'use GET'));
    if (path === '/usage') {
      if (request.method !== 'GET') return errorResponse(new GatewayError(405, 'method_not_allowed', 'use GET'));
      try {
        // Any authenticated caller may read its own usage, with or without the invoke role.
        const caller = await deps.authenticator.authenticate(request, { requireRole: false });
        return json(200, await governor.report(caller.id));
      } catch (e) {
        return errorResponse(toGatewayError(e));
      }
    }
    const route = ROUTE.exec(path);
    if (!route) return errorResponse(new GatewayError(404, 'not_found', 'no such route; the gateway serves Azure OpenAI paths under /openai/deployments/'));
    if (request.method !== 'POST') return errorResponse(new GatewayError(405, 'method_not_allowed', 'use POST'));

    const op = OPERATION[route[2]];
    let deployment: string;
    try {
      deployment = decodeURIComponent(route[1]);
    } catch {
      return errorResponse(new GatewayError(404, 'DeploymentNotFound', 'the deployment name is not valid'));
    }
    const started = performance.now();
    // The reservation key is always the gateway's own: a caller-chosen id could replay a settled
    // reservation and skip the budget. The caller's id is kept for correlation only.
    const requestId = randomUUID();
    const clientRequestId = request.headers.get('x-ms-client-request-id')?.slice(0, 64).replace(/[^\w.-]/g, '') || null;
    const audit: { -readonly [K in keyof AuditEvent]: AuditEvent[K] } = {
      event: AUDIT_EVENT,
      requestId,
      clientRequestId,
      caller: null,
      operation: op,
      deployment,
      model: null,
      status: 0,
      errorCode: null,
      stream: false,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      dlp: { action: 'allow', findings: {} },
      latencyMs: 0,
    };
    const emit = () => {
      audit.latencyMs = Math.round((performance.now() - started) * 10) / 10;
      (audit.status >= 500 ? logger.error : logger.info).call(logger, { ...audit });
    };
    const fail = (e: unknown) => {
      const err = toGatewayError(e);
      if (err.status === 500) logger.error({ event: 'aoai.gateway.error', requestId, error: e instanceof Error ? e.name : 'unknown' });
      audit.status = err.status;
      audit.errorCode = err.code;
      emit();
      return errorResponse(err, requestId);
    };
    /** Settling after a successful call must not lose the answer: a failure is logged for the alerts. */
    const settle = async (reservation: Reservation, usage: ReturnType<typeof tokenUsage>) => {
      try {
        const cost = await governor.settle(reservation, usage);
        Object.assign(audit, { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, costUsd: cost / 1e6 });
      } catch (e) {
        Object.assign(audit, { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens });
        logger.error({ event: 'aoai.gateway.settle_failed', requestId, error: (e as Error).name });
      }
    };

    try {
      const caller: Caller = await deps.authenticator.authenticate(request);
      audit.caller = caller.id;
      const body = parseBody(op, await readJson(request, deps.maxBodyBytes)) as AnyBody & Record<string, unknown>;
      audit.model = governor.deploymentModel(deployment).model;
      const streaming = op === 'chat' && body.stream === true;
      audit.stream = streaming;

      // DLP: every text the model would see, each scanned on its own.
      const counts: Record<string, number> = {};
      let blocked = false;
      let redacted = false;
      for (const slot of textSlots(op, body)) {
        const verdict = dlp.evaluate(slot.text);
        for (const [k, n] of Object.entries(verdict.summary)) counts[k] = (counts[k] ?? 0) + n;
        if (verdict.action === 'block') blocked = true;
        else if (verdict.action === 'redact' && verdict.text !== undefined) {
          slot.set(verdict.text);
          redacted = true;
        }
      }
      audit.dlp = { action: blocked ? 'block' : redacted ? 'redact' : 'allow', findings: counts };
      if (blocked) {
        const named = Object.entries(counts).map(([t, n]) => `${t} (${n})`).join(', ');
        throw new GatewayError(400, 'sensitive_data_detected', `the request contains sensitive data and was not sent: ${named}`);
      }

      const plan = governor.plan(deployment, op as RequestKind, body as never);
      const reservation = await governor.reserve(plan, caller.id, requestId);
      /** A failed model call gives its reservation back before the error is answered. */
      const orRelease = async <T>(call: () => Promise<T>): Promise<T> => {
        try {
          return await call();
        } catch (e) {
          await governor.release(reservation).catch(() => undefined);
          throw e;
        }
      };

      const upstreamBody: Record<string, unknown> = { ...body };
      delete upstreamBody.model;
      if (op !== 'embeddings' && body.max_tokens == null && (body as { max_completion_tokens?: number | null }).max_completion_tokens == null) {
        // Hold the model to the ceiling the reservation was priced at.
        upstreamBody[/^o\d/.test(plan.priced.model) ? 'max_completion_tokens' : 'max_tokens'] = plan.completionCeiling;
      }
      const abort = new AbortController();
      request.signal?.addEventListener('abort', () => abort.abort(), { once: true });

      if (!streaming) {
        const result = await orRelease(() => upstream.call(op, deployment, upstreamBody, abort.signal));
        await settle(reservation, tokenUsage(result.usage, reservation));
        if (deps.scanCompletions && op !== 'embeddings') redactCompletions(result, dlp, audit);
        audit.status = 200;
        emit();
        return json(200, result, { 'x-request-id': requestId });
      }

      // Streaming: usage is requested upstream so the call is charged exactly; the extra
      // usage chunk is dropped unless the caller asked for it.
      const callerOptions = (body as { stream_options?: { include_usage?: boolean } | null }).stream_options;
      const callerWantsUsage = callerOptions?.include_usage === true;
      upstreamBody.stream_options = { ...(callerOptions ?? {}), include_usage: true };
      const chunks = (await orRelease(() => upstream.stream(deployment, upstreamBody, abort.signal)))[Symbol.asyncIterator]();
      let usage: UsageLike | undefined;
      let finished = false;
      const finish = async (status: number, errorCode: string | null) => {
        if (finished) return;
        finished = true;
        await settle(reservation, tokenUsage(usage, reservation));
        audit.status = status;
        audit.errorCode = errorCode;
        emit();
      };
      const encoder = new TextEncoder();
      const sse = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            for (;;) {
              const { value, done } = await chunks.next();
              if (done) {
                await finish(200, null);
                controller.enqueue(encoder.encode('data: [DONE]\n\n'));
                controller.close();
                return;
              }
              if (value.usage) usage = value.usage;
              const usageOnly = Array.isArray(value.choices) && value.choices.length === 0 && value.usage;
              if (!callerWantsUsage) {
                if (usageOnly) continue;
                if ('usage' in value) delete value.usage;
              }
              controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`));
              return;
            }
          } catch (e) {
            const err = toGatewayError(e);
            await finish(err.status, err.code);
            controller.enqueue(encoder.encode(`data: ${JSON.stringify({ error: { code: err.code, message: err.message, type: err.type } })}\n\n`));
            controller.close();
          }
        },
        async cancel() {
          abort.abort();
          await finish(499, 'client_closed_request');
        },
      });
      return new Response(sse, {
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': requestId },
      });
    } catch (e) {
      return fail(e);
    }
  }

  return { handle };
}

/** Scans each completion's text and redacts findings (output has been paid for; it is never blocked). */
function redactCompletions(result: Record<string, unknown>, dlp: DlpPolicy, audit: { dlp: AuditEvent['dlp'] }) {
  const choices = Array.isArray(result.choices) ? (result.choices as Record<string, unknown>[]) : [];
  const found: Record<string, number> = {};
  for (const c of choices) {
    const holder = (c.message as Record<string, unknown> | undefined) ?? c;
    const key = c.message ? 'content' : 'text';
    if (typeof holder[key] !== 'string') continue;
    const verdict = dlp.evaluate(holder[key] as string);
    if (verdict.actionable.length === 0) continue;
    holder[key] = redact(holder[key] as string, verdict.actionable);
    for (const [k, n] of Object.entries(verdict.summary)) found[`completion:${k}`] = (found[`completion:${k}`] ?? 0) + n;
  }
  if (Object.keys(found).length) audit.dlp = { action: audit.dlp.action, findings: { ...audit.dlp.findings, ...found } };
}
