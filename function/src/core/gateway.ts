import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  BudgetExceededError,
  BudgetUnavailableError,
  countText,
  priceFor,
  TokenCapError,
  UnknownDeploymentError,
  type CostGovernor,
  type PricedModel,
  type RequestKind,
  type RequestPlan,
  type Reservation,
} from '../cost';
import { InputTooLargeError, type DlpPolicy } from '../dlp';
import { answerText, servedBy, UpstreamError, type ChunkLike, type ServedBy, type Upstream, type UsageLike } from '../upstream/types';
import { AUDIT_EVENT, type AuditEvent, type Logger } from './audit';
import type { Authenticator, Caller } from './auth';
import { readJson, type BodySource } from './body';
import { errorReply, GatewayError, jsonReply, jsonTextReply, type JsonReply } from './errors';
import { redactSlot, scanSlots } from './joined-scan';
import { redactCompletion, StreamGuard } from './output';
import { bodyParser, type AnyBody, type BodyParser, type Operation } from './requests';
import { modelView, type ModelView } from './visible';

export interface GatewayDeps {
  readonly authenticator: Authenticator;
  readonly governor: CostGovernor;
  readonly dlp: DlpPolicy;
  readonly upstream: Upstream;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** Scan (and redact) model output too, streamed or not. */
  readonly scanCompletions?: boolean;
  /** The longest detectable value, in characters: the DLP window across slots and the hold-back of streamed output. @default 512 */
  readonly holdbackChars?: number;
  /** Top-level request fields beyond the built-in allow-list, per operation. */
  readonly extraFields?: Partial<Record<Operation, readonly string[]>>;
  /** Inline base64 images are accepted (counted, not scanned). @default false */
  readonly allowInlineMedia?: boolean;
  /** Hosts allowed as Azure "On Your Data" endpoints. @default none */
  readonly dataSourceEndpoints?: readonly string[];
  /** Prompt tokens reserved for a data source's retrieval. @default 6000 */
  readonly dataSourceTokens?: number;
  /** The longest call, streams included; it is aborted after this. @default 600000 */
  readonly maxCallMs?: number;
  /** A stream with no chunk for this long is aborted. @default 30000 */
  readonly streamIdleTimeoutMs?: number;
  /** Key for hashing client request ids without a safe id shape. @default random per process */
  readonly auditHashKey?: string;
  /**
   * App role that may read GET /operator/backends (each backend's breaker). Undefined: any authenticated
   * caller (only with GATEWAY_AUTH=none, i.e. loopback development).
   */
  readonly operatorRole?: string;
}

/**
 * What the pipeline reads of a request. A web Request is one; the adapters hand over lighter
 * objects (node:http's headers and the bytes already read), so no undici Request, Headers or body
 * stream is built per call.
 */
export interface GatewayRequest extends BodySource {
  readonly method: string;
  /** Absolute, or a path with its query (resolved against a placeholder origin). */
  readonly url: string;
  /** Aborted when the caller goes away. */
  readonly signal?: AbortSignal | null;
  /**
   * The same without an AbortSignal per request (creating one costs more than the rest of the adapter):
   * calls `listener` if the caller goes away after this, and returns what stops listening.
   */
  readonly onClose?: (listener: () => void) => () => void;
}

/** A whole JSON answer as a string, and what its call still owes once the answer is out. */
export interface GatewayJsonReply extends JsonReply {
  /**
   * The call's settle, when it runs after the answer (see forward): the gateway starts it itself, on the
   * event loop's next check phase, so after an adapter that writes the answer as the reply resolves has
   * written it. It never rejects (a failed settle is logged). An adapter whose host gives the process no
   * lifetime after the invocation returns awaits it before returning (adapters/azure-functions.ts).
   */
  readonly deferred?: Promise<void>;
}

/** A whole JSON answer, or a web Response whose body streams (server-sent events). */
export type GatewayReply = GatewayJsonReply | Response;

export interface Gateway {
  /** The adapters' entry point. */
  serve(request: GatewayRequest, context?: { logger?: Logger }): Promise<GatewayReply>;
  /** Resolves once every deferred settle started so far has finished: before the budget store is closed. */
  drain(): Promise<void>;
}

const ROUTE = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|completions|embeddings)$/;
const OPERATION: Record<string, Operation> = { 'chat/completions': 'chat', completions: 'completions', embeddings: 'embeddings' };
/** Longest token in o200k_base and cl100k_base, in UTF-16 units (measured over both vocabularies): a text has at least length/128 tokens. */
const MAX_TOKEN_CHARS = 128;
/**
 * Client request ids kept as sent: a UUID/GUID (8-4-4-4-12 hex), a shape no card number, SSN or
 * key id has. Anything else is logged as a keyed hash (HMAC-SHA-256, configured or per-process key).
 */
const SAFE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const json = jsonReply;
const errorResponse = errorReply;

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
  if (e instanceof UnknownDeploymentError) return new GatewayError(404, 'DeploymentNotFound', 'the deployment does not exist on this gateway');
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

/** Upstream failures after which the service certainly billed nothing. */
const UNBILLED_STATUSES = new Set([400, 401, 403, 404, 413, 415, 422, 429]);
function provesUnbilled(e: unknown): boolean {
  if (!(e instanceof UpstreamError)) return false;
  if (e.unsent) return true;
  // 401/403 from the service are answered as 502 upstream_auth_failed (the gateway's own credential).
  return e.code === 'upstream_auth_failed' || (e.status !== 499 && UNBILLED_STATUSES.has(e.status));
}

type Limits = Parameters<CostGovernor['planCounted']>[3];
type MutableAudit = { -readonly [K in keyof AuditEvent]: AuditEvent[K] };

/** One request as it moves through the stages. */
interface Call {
  readonly request: GatewayRequest;
  readonly op: Operation;
  readonly deploymentName: string;
  readonly requestId: string;
  readonly audit: MutableAudit;
  readonly logger: Logger;
  caller?: Caller;
  priced?: PricedModel;
  body?: AnyBody;
  view?: ModelView;
  promptTokens?: number;
  /** The backend that served the call (or answered its error). */
  served?: ServedBy;
  /** The body's own bytes, while they say exactly what `body` holds (readJson). */
  verbatim?: Buffer;
}

/**
 * The framework-free pipeline, as named stages over one call:
 * authenticate → parse and validate → scan → plan and reserve → forward → settle and audit.
 */
export function createGateway(deps: GatewayDeps): Gateway {
  const { governor, dlp, upstream } = deps;
  const holdback = deps.holdbackChars ?? 512;
  const maxCallMs = deps.maxCallMs ?? 600_000;
  const idleMs = deps.streamIdleTimeoutMs ?? 30_000;
  const hashKey = deps.auditHashKey ?? randomBytes(32).toString('hex');
  const parsers: Record<Operation, BodyParser> = {
    chat: bodyParser('chat', deps.extraFields?.chat),
    completions: bodyParser('completions', deps.extraFields?.completions),
    embeddings: bodyParser('embeddings', deps.extraFields?.embeddings),
  };

  const auditId = (raw: string | null): string | null => {
    if (!raw) return null;
    return SAFE_ID.test(raw) ? raw : `hmac:${createHmac('sha256', hashKey).update(raw).digest('hex').slice(0, 32)}`;
  };

  // ── authenticate ──────────────────────────────────────────────────────────────
  /** Only an authenticated call gets request-derived audit fields (configured deployment or `unknown`, client id). */
  async function authenticate(call: Call): Promise<void> {
    call.caller = await deps.authenticator.authenticate(call.request);
    call.audit.caller = call.caller.id;
    call.audit.clientRequestId = auditId(call.request.headers.get('x-ms-client-request-id'));
    try {
      call.priced = governor.deploymentModel(call.deploymentName);
    } catch (e) {
      call.audit.deployment = 'unknown';
      throw e;
    }
    call.audit.deployment = call.deploymentName;
    call.audit.model = call.priced.model;
  }

  // ── parse and validate ────────────────────────────────────────────────────────
  /** The allow-listed body, what the model will read and bill, and a cap check bounded by the cap itself. */
  async function parseAndValidate(call: Call): Promise<void> {
    const { value: raw, verbatim } = await readJson(call.request, deps.maxBodyBytes);
    call.verbatim = verbatim;
    precheck(call, raw);
    const body = parsers[call.op](raw);
    call.body = body;
    call.audit.stream = call.op === 'chat' && body.stream === true;
    call.view = view(call);
    call.promptTokens = countPrompt(call, call.view);
  }

  /**
   * Before validating anything: a floor of what the body certainly bills, from the raw lengths of
   * its billed sections (3 tokens per message, 1 per content part, 1 per token id, a text's
   * length / the longest token, a schema's JSON length / the longest token, exactly as counted
   * later). A body whose floor is over the cap is refused before any deep walk, validation or DLP.
   */
  function precheck(call: Call, raw: unknown): void {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return;
    const r = raw as Record<string, unknown>;
    const cap = governor.maxTokensPerRequest;
    let floor = 0;
    const text = (v: unknown) => (typeof v === 'string' ? Math.ceil(v.length / MAX_TOKEN_CHARS) : 0);
    const jsonText = (v: unknown) => {
      if (v === undefined || v === null) return 0;
      // readJson's shape check bounded the depth, so this cannot overflow the stack.
      return Math.ceil((JSON.stringify(v)?.length ?? 0) / MAX_TOKEN_CHARS);
    };
    const input = (v: unknown) => {
      if (typeof v === 'string') return text(v);
      if (!Array.isArray(v)) return 0;
      if (typeof v[0] === 'number') return v.length;
      let n = 0;
      for (const x of v) n += Array.isArray(x) ? x.length : text(x);
      return n;
    };
    if (call.op === 'chat') {
      const messages = Array.isArray(r.messages) ? r.messages : [];
      floor += 3 * messages.length + 3;
      for (const m of messages) {
        if (floor > cap) break;
        const content = (m as Record<string, unknown> | null)?.content;
        if (typeof content === 'string') floor += text(content);
        else if (Array.isArray(content)) {
          floor += content.length;
          for (const p of content) floor += text((p as Record<string, unknown> | null)?.text);
        }
      }
      for (const field of ['tools', 'functions', 'response_format', 'tool_choice', 'function_call']) if (floor <= cap) floor += jsonText(r[field]);
      const prediction = (r.prediction as Record<string, unknown> | null)?.content;
      if (floor <= cap) floor += Array.isArray(prediction) ? prediction.length + prediction.reduce((n: number, p) => n + text(p?.text), 0) : text(prediction);
    } else {
      floor += input(call.op === 'completions' ? r.prompt : r.input);
      if (call.op === 'completions') floor += text(r.suffix);
    }
    for (const field of deps.extraFields?.[call.op] ?? []) if (floor <= cap) floor += jsonText(r[field]);
    if (floor > cap) governor.planCounted(call.deploymentName, call.op as RequestKind, floor, {}); // throws TokenCapError
  }

  const view = (call: Call): ModelView =>
    modelView(call.op, call.body!, {
      model: call.priced!.model,
      encoding: call.priced!.encoding,
      allowInlineMedia: deps.allowInlineMedia ?? false,
      dataSourceEndpoints: deps.dataSourceEndpoints ?? [],
      dataSourceTokens: deps.dataSourceTokens ?? 6000,
      extraFields: deps.extraFields?.[call.op] ?? [],
    });

  /**
   * Prompt tokens of everything billed. The per-request cap is checked before any tokenizing
   * from a bound no text can beat (length / longest token), then while counting: counting stops
   * once the cap is passed, so the tokenizer's work is bounded by the cap, not by the body.
   */
  function countPrompt(call: Call, v: ModelView): number {
    const cap = governor.maxTokensPerRequest;
    const refuse = (n: number) => governor.planCounted(call.deploymentName, call.op as RequestKind, n, call.body as Limits); // throws TokenCapError
    let floor = v.fixedTokens;
    for (const t of v.counted) floor += Math.ceil(t.length / MAX_TOKEN_CHARS);
    if (floor > cap) refuse(floor);
    let n = v.fixedTokens;
    for (const t of v.counted) {
      n += countText(t, call.priced!.encoding, cap - n);
      if (n > cap) refuse(n);
    }
    return n;
  }

  // ── scan ──────────────────────────────────────────────────────────────────────
  /** DLP over every slot the model reads, joined as the model sees them; block, or redact each slot's share. */
  const scanView = (v: ModelView) => scanSlots(dlp, v.slots.map((s) => s.text), holdback, v.slots.map((s) => s.flow === true));
  const blocked = (summary: Record<string, number>) => {
    const named = Object.entries(summary).map(([t, n]) => `${t} (${n})`).join(', ');
    return new GatewayError(400, 'sensitive_data_detected', `the request contains sensitive data and was not sent: ${named}`);
  };

  function scan(call: Call): void {
    const slots = call.view!.slots;
    const result = scanView(call.view!);
    call.audit.dlp = { action: result.action, findings: result.summary };
    if (result.action === 'block') throw blocked(result.summary);
    if (result.action === 'redact') {
      // A key's slot and its value's share a live reference to the key's name, so no setter brings back what another removed.
      slots.forEach((s, i) => result.perSlot[i].length && s.set(redactSlot(dlp, s.text, result.perSlot[i])));
      // Redaction changes what is read and billed: the request as it will be sent is scanned
      // again (anything still found blocks it: redaction fails closed) and counted again.
      call.view = view(call);
      const again = scanView(call.view);
      if (again.action !== 'allow') {
        call.audit.dlp = { action: 'block', findings: result.summary };
        throw blocked(again.summary);
      }
      call.promptTokens = countPrompt(call, call.view);
    }
  }

  /**
   * The caller's own bytes, when they are exactly the body that would be sent: readJson proved them
   * unambiguous, DLP allowed it unredacted, and the body bound upstream has the validated body's
   * fields and nothing else (no cap added, no field dropped). The allow-list's schemas neither
   * default nor transform (requests.ts), so the validated body is the parsed one. Otherwise undefined:
   * the body is serialized again.
   */
  function verbatim(call: Call, sent: Record<string, unknown>): Buffer | undefined {
    if (!call.verbatim || call.audit.dlp.action !== 'allow') return undefined;
    const parsed = call.body as Record<string, unknown>;
    // upstream/azure-openai.ts sends plain chat and completions calls with `stream: false`; only its absence or false says the same.
    if (call.op !== 'embeddings' && parsed.stream !== undefined && parsed.stream !== false) return undefined;
    let fields = 0;
    for (const k in parsed) {
      if (!(k in sent) || sent[k] !== parsed[k]) return undefined;
      fields++;
    }
    for (const _ in sent) if (--fields < 0) return undefined;
    return call.verbatim;
  }

  // ── plan and reserve ──────────────────────────────────────────────────────────
  async function planAndReserve(call: Call): Promise<Reservation> {
    const plan: RequestPlan = governor.planCounted(call.deploymentName, call.op as RequestKind, call.promptTokens!, call.body as Limits);
    return governor.reserve(plan, call.caller!.id, call.requestId);
  }

  // ── settle and audit ──────────────────────────────────────────────────────────
  /** The backend that served (or refused) the call: named in the audit event, and its tier is the one charged. */
  function servedFrom(call: Call, served: ServedBy | undefined): void {
    if (!served) return;
    call.served = served;
    call.audit.backend = { account: served.account, region: served.region };
  }

  /**
   * The reservation priced as the serving backend bills: reserved at the pool's most expensive tier, the
   * call is settled once, at the tier of the backend that answered (the same reservation, the same scopes).
   */
  function atServingTier(call: Call, reservation: Reservation): Reservation {
    const tier = call.served?.tier;
    if (tier === undefined || tier === reservation.plan.priced.tier) return reservation;
    return { ...reservation, plan: { ...reservation.plan, priced: priceFor(reservation.plan.priced.model, tier) } };
  }

  /**
   * The call's usage and cost in its audit event: the cost is the one settle records (the governor's
   * price for this usage at the serving tier), whether or not the settle lands.
   */
  function charge(call: Call, reservation: Reservation, usage: ReturnType<typeof tokenUsage>): Reservation {
    const charged = atServingTier(call, reservation);
    Object.assign(call.audit, { promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, costUsd: governor.actualMicros(charged, usage) / 1e6 });
    return charged;
  }

  /** Settling after a successful call must not lose the answer: the governor retries, and a settle that still fails is logged (the reservation then expires and is charged in full). */
  async function settleCharged(call: Call, charged: Reservation, usage: ReturnType<typeof tokenUsage>): Promise<void> {
    try {
      await governor.settle(charged, usage);
    } catch (e) {
      call.logger.error({ event: 'aoai.gateway.settle_failed', requestId: call.requestId, error: (e as Error).name });
    }
  }

  const settle = (call: Call, reservation: Reservation, usage: ReturnType<typeof tokenUsage>): Promise<void> => settleCharged(call, charge(call, reservation, usage), usage);

  /** Settles not yet finished (drain waits for them). */
  const deferred = new Set<Promise<void>>();
  /** Runs `work` once the current turn's answer is written (the next check phase); tracked until it ends. */
  function afterAnswer(work: () => Promise<void>): Promise<void> {
    const done = new Promise<void>((resolve) => setImmediate(() => void work().then(resolve, resolve)));
    deferred.add(done);
    void done.then(() => deferred.delete(done));
    return done;
  }

  function emit(call: Call, started: number, status: number, errorCode: string | null): void {
    call.audit.status = status;
    call.audit.errorCode = errorCode;
    call.audit.latencyMs = Math.round((performance.now() - started) * 10) / 10;
    (status >= 500 ? call.logger.error : call.logger.info).call(call.logger, { ...call.audit });
  }

  // ── forward ───────────────────────────────────────────────────────────────────
  function upstreamBody(call: Call, plan: RequestPlan): Record<string, unknown> {
    const { model: _model, ...body } = call.body as Record<string, unknown>;
    if (call.op !== 'embeddings' && body.max_tokens == null && body.max_completion_tokens == null) {
      // Hold the model to the ceiling the reservation was priced at.
      body[/^o\d/.test(plan.priced.model) ? 'max_completion_tokens' : 'max_tokens'] = plan.completionCeiling;
    }
    return body;
  }

  /** Aborts on client disconnect and after the longest allowed call. */
  function callSignal(request: GatewayRequest): { signal: AbortController; done(): void } {
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const stopListening = request.onClose?.(onAbort);
    const timer = setTimeout(() => abort.abort(new UpstreamError(504, 'upstream_timeout', 'the call exceeded the longest allowed duration')), maxCallMs);
    timer.unref?.();
    return {
      signal: abort,
      done: () => {
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        stopListening?.();
      },
    };
  }

  async function forward(call: Call, reservation: Reservation, started: number): Promise<GatewayReply> {
    const body = upstreamBody(call, reservation.plan);
    const abort = callSignal(call.request);
    /**
     * A failed model call gives its reservation back only when the failure proves the service
     * billed nothing (never sent, rate limited, refused before processing); a timeout, a reset
     * after sending or a 5xx may still be billed (a timed-out generation is), so it is charged
     * the reserved worst case, as a stream that goes quiet is.
     */
    const orRelease = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        abort.done();
        if (e instanceof UpstreamError) servedFrom(call, e.backend);
        if (provesUnbilled(e)) await governor.release(reservation).catch(() => undefined);
        else await settle(call, reservation, tokenUsage(undefined, reservation));
        throw e;
      }
    };

    if (!call.audit.stream) {
      const result = await orRelease(() => upstream.call(call.op, call.deploymentName, body, abort.signal.signal, verbatim(call, body)));
      abort.done();
      servedFrom(call, servedBy(result));
      const usage = tokenUsage(result.usage, reservation);
      const charged = charge(call, reservation, usage);
      const governed = deps.scanCompletions === true && call.op !== 'embeddings';
      if (governed) {
        const found = redactCompletion(result, dlp, holdback);
        if (Object.keys(found).length) call.audit.dlp = { action: call.audit.dlp.action, findings: { ...call.audit.dlp.findings, ...found } };
      }
      emit(call, started, 200, null);
      /*
       * An answer that output governance does not read goes to the caller as the service wrote it: not
       * parsed and written again (an embeddings answer of 16 vectors costs 2.6 ms of JSON.stringify). A
       * governed answer is always written from the object the scan read, so that what the caller parses
       * is what was scanned, whatever the service's text held (a repeated key, say).
       */
      const text = governed ? undefined : answerText(result);
      const headers = { 'x-request-id': call.requestId };
      const reply = text !== undefined ? jsonTextReply(200, text, headers) : json(200, result, headers);
      /**
       * The answer does not wait for the settle (a Redis round trip, and its retries while the store is
       * down). That weakens no budget: the reservation already holds this call's worst case in every
       * scope until the settle replaces it with the actual cost, and one that is never settled expires
       * and is charged in full. The audit event above already carries the usage and the cost the settle
       * records; a settle that fails is still logged. A call this instance receives after the answer was
       * written normally reserves after this settle (one Redis connection, commands run in order; not when
       * the server has lost the script and the settle is sent again as EVAL), and one that reserves before
       * it sees this call's worst case still held: stricter, or, if the call cost more than its worst case
       * (a prompt counted short), no looser than for a call that ran alongside it.
       */
      return { ...reply, deferred: afterAnswer(() => settleCharged(call, charged, usage)) };
    }
    return forwardStream(call, reservation, body, abort, orRelease, started);
  }

  async function forwardStream(
    call: Call,
    reservation: Reservation,
    body: Record<string, unknown>,
    abort: ReturnType<typeof callSignal>,
    orRelease: <T>(fn: () => Promise<T>) => Promise<T>,
    started: number,
  ): Promise<Response> {
    // Usage is requested upstream so the call is charged exactly; the extra usage chunk is
    // dropped unless the caller asked for it.
    const callerOptions = (call.body as { stream_options?: { include_usage?: boolean } | null }).stream_options;
    const callerWantsUsage = callerOptions?.include_usage === true;
    body.stream_options = { ...(callerOptions ?? {}), include_usage: true };
    const opened = await orRelease(() => upstream.stream(call.deploymentName, body, abort.signal.signal));
    servedFrom(call, servedBy(opened));
    const chunks = opened[Symbol.asyncIterator]();
    const guard = deps.scanCompletions ? new StreamGuard(dlp, holdback) : undefined;
    let usage: UsageLike | undefined;
    let finished = false;
    const finish = async (status: number, errorCode: string | null) => {
      if (finished) return;
      finished = true;
      abort.done();
      await settle(call, reservation, tokenUsage(usage, reservation));
      if (guard && Object.keys(guard.found).length) call.audit.dlp = { action: call.audit.dlp.action, findings: { ...call.audit.dlp.findings, ...guard.found } };
      emit(call, started, status, errorCode);
    };
    /** The next chunk, or an idle-timeout error when the model goes quiet. */
    const next = (): Promise<IteratorResult<ChunkLike>> => {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // The reason reaches the backend's stream too, which ends; the pool counts nothing the call's own signal ended.
          const quiet = new UpstreamError(504, 'upstream_idle_timeout', `the model sent nothing for ${idleMs} ms`);
          abort.signal.abort(quiet);
          reject(quiet);
        }, idleMs);
      });
      return Promise.race([chunks.next(), idle]).finally(() => clearTimeout(timer));
    };
    const encoder = new TextEncoder();
    const sse = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          for (;;) {
            const { value, done } = await next();
            if (done) {
              const rest = guard?.flush();
              if (rest) controller.enqueue(encoder.encode(`data: ${JSON.stringify(rest)}\n\n`));
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
            guard?.process(value);
            controller.enqueue(encoder.encode(`data: ${JSON.stringify(value)}\n\n`));
            return;
          }
        } catch (e) {
          const reason = abort.signal.signal.reason;
          const err = toGatewayError(reason instanceof UpstreamError ? reason : e);
          await finish(err.status, err.code);
          controller.enqueue(encoder.encode(`data: ${JSON.stringify({ error: { code: err.code, message: err.message, type: err.type } })}\n\n`));
          controller.close();
        }
      },
      async cancel() {
        abort.signal.abort();
        await finish(499, 'client_closed_request');
      },
    });
    return new Response(sse, {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': call.requestId },
    });
  }

  // ── the pipeline ──────────────────────────────────────────────────────────────
  async function serve(request: GatewayRequest, context: { logger?: Logger } = {}): Promise<GatewayReply> {
    const logger = context.logger ?? deps.logger;
    const url = new URL(request.url, 'http://gateway.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';

    if (path === '/healthz') return request.method === 'GET' ? json(200, { status: 'ok' }) : errorResponse(new GatewayError(405, 'method_not_allowed', 'use GET'));
    if (path === '/operator/backends') {
      if (request.method !== 'GET') return errorResponse(new GatewayError(405, 'method_not_allowed', 'use GET'));
      try {
        // Behind the gateway's own authentication, with an operator app role rather than the invoke role:
        // which accounts serve which deployment, and which are failing, is not for every caller (nor /healthz).
        const caller = await deps.authenticator.authenticate(request, { requireRole: false });
        if (deps.operatorRole && !caller.roles.includes(deps.operatorRole)) {
          throw new GatewayError(403, 'permission_denied', `the caller lacks the app role "${deps.operatorRole}"`, 'permission_error');
        }
        return json(200, { deployments: upstream.health?.() ?? {} }, { 'cache-control': 'no-store' });
      } catch (e) {
        return errorResponse(toGatewayError(e));
      }
    }
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
    let deploymentName: string;
    try {
      deploymentName = decodeURIComponent(route[1]);
    } catch {
      return errorResponse(new GatewayError(404, 'DeploymentNotFound', 'the deployment name is not valid'));
    }
    const started = performance.now();
    // The reservation key is always the gateway's own: a caller-chosen id could replay a settled
    // reservation and skip the budget. The caller's id is kept for correlation only.
    const requestId = randomUUID();
    const call: Call = {
      request,
      op,
      deploymentName,
      requestId,
      logger,
      audit: {
        event: AUDIT_EVENT,
        requestId,
        clientRequestId: null,
        caller: null,
        operation: op,
        deployment: null,
        model: null,
        status: 0,
        errorCode: null,
        stream: false,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
        // Until the scan stage has run, no event says DLP allowed anything.
        dlp: { action: 'not_scanned', findings: {} },
        backend: null,
        latencyMs: 0,
      },
    };
    try {
      await authenticate(call);
      await parseAndValidate(call);
      scan(call);
      const reservation = await planAndReserve(call);
      return await forward(call, reservation, started);
    } catch (e) {
      const err = toGatewayError(e);
      if (err.status === 500) logger.error({ event: 'aoai.gateway.error', requestId, error: e instanceof Error ? e.name : 'unknown' });
      emit(call, started, err.status, err.code);
      return errorResponse(err, requestId);
    }
  }

  async function drain(): Promise<void> {
    while (deferred.size) await Promise.all(deferred);
  }

  return { serve, drain };
}
