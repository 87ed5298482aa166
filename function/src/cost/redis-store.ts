import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import type { EntraidCredentialsProvider } from '@redis/entraid/dist/lib/entraid-credentials-provider';
import { bundledChunk } from '../upstream/chunks';
import {
  BudgetStoreUnavailableError,
  RECORD_TTL_MS,
  type BudgetStore,
  type ReserveRequest,
  type ReserveResult,
  type ScopeLimit,
  type ScopeUsage,
  type SettleRequest,
} from './store';
import { KEY_GRACE_MS } from './windows';

/**
 * Budget counters in Redis. Every decision is one Lua script (one round trip, atomic on the
 * server): reserve checks and reserves every scope or none; settle and release are idempotent
 * by request id. All keys share the `{budget}` hash tag, so a clustered Redis keeps them in one
 * slot. Amounts are integers (HINCRBY), never floats.
 *
 * Keys: <prefix>{budget}:c:<scope>:<window>  hash  spent, reserved, requests, prompt_tokens, completion_tokens
 *       <prefix>{budget}:o:<scope>:<window>  zset  open reservations "<requestId>|<amount>" scored by expiry
 *       <prefix>{budget}:r:<requestId>       hash  amount, member, state (reserved | settled | released)
 */

// Keys expire relative to the caller's clock (window end + grace - now), never at an absolute
// time: Redis compares PEXPIREAT with its own clock, so a gateway clock that differs from the
// server's (or a test's injected clock) would otherwise expire live counters at once.
const PURGE = `
local function expireAfter(key, keyExp, now)
  redis.call('PEXPIRE', key, math.max(tonumber(keyExp) - now, 1000))
end
-- A reservation that expires unsettled is charged in full (its worst case moves to spent): the
-- call may have run, and an instance that died or a store that was down must not make it free.
local function purge(c, o, now)
  local expired = redis.call('ZRANGEBYSCORE', o, '-inf', now)
  for _, m in ipairs(expired) do
    local amt = tonumber(string.match(m, '|(%d+)$'))
    if amt then
      redis.call('HINCRBY', c, 'reserved', -amt)
      redis.call('HINCRBY', c, 'spent', amt)
      redis.call('HINCRBY', c, 'requests', 1)
    end
  end
  if #expired > 0 then redis.call('ZREMRANGEBYSCORE', o, '-inf', now) end
end
`;

// KEYS: record, then (counter, open) per scope. ARGV: id, amount, now, expiresAt, recordTtlMs, then (limit, keyExpireAt) per scope.
const RESERVE = `${PURGE}
local rec = KEYS[1]
if redis.call('EXISTS', rec) == 1 then return {1, 1} end
local id, amount, now, exp, recTtl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
local n = (#KEYS - 1) / 2
local fresh = {}
for i = 1, n do
  local c, o = KEYS[2 * i], KEYS[2 * i + 1]
  purge(c, o, now)
  local limit = tonumber(ARGV[4 + 2 * i])
  local v = redis.call('HMGET', c, 'spent', 'reserved')
  local spent, reserved = tonumber(v[1] or '0'), tonumber(v[2] or '0')
  if spent + reserved + amount > limit then return {0, i, spent, reserved} end
  -- Every reservation writes 'reserved' and sets the counter's expiry: a counter without the field
  -- has none yet (or was made by a settle without a reservation, which set it).
  fresh[i] = not v[2]
end
local member = id .. '|' .. ARGV[2]
for i = 1, n do
  local c, o, keyExp = KEYS[2 * i], KEYS[2 * i + 1], ARGV[5 + 2 * i]
  redis.call('HINCRBY', c, 'reserved', amount)
  redis.call('ZADD', o, exp, member)
  if fresh[i] then expireAfter(c, keyExp, now) end
  -- The open set is deleted with its last member, so it may be new at any reservation.
  expireAfter(o, keyExp, now)
end
redis.call('HSET', rec, 'amount', ARGV[2], 'member', member, 'state', 'reserved')
redis.call('PEXPIRE', rec, recTtl)
return {1, 0}
`;

// A late settle or release of an expired reservation changes no counter (it was charged in full).
// KEYS: record, then (counter, open) per scope. ARGV: final state, actual, prompt, completion, now, recordTtlMs, then keyExpireAt per scope.
const FINISH = `${PURGE}
local rec = KEYS[1]
local r = redis.call('HMGET', rec, 'state', 'member', 'amount')
local state, member, amount = r[1], r[2], tonumber(r[3] or '0')
if state == 'settled' or state == 'released' then return 0 end
local final, actual, prompt, completion, now, recTtl = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
local n = (#KEYS - 1) / 2
-- No purge here: every script that reads the counters (reserve, usage) purges them first.
for i = 1, n do
  local c, o, keyExp = KEYS[2 * i], KEYS[2 * i + 1], ARGV[6 + i]
  local open = false
  if member and redis.call('ZREM', o, member) == 1 then
    redis.call('HINCRBY', c, 'reserved', -amount)
    open = true
  end
  -- Not open any more although never finished: it expired and was charged in full already.
  if final == 'settled' and (open or not member) then
    redis.call('HINCRBY', c, 'spent', actual)
    redis.call('HINCRBY', c, 'requests', 1)
    redis.call('HINCRBY', c, 'prompt_tokens', prompt)
    redis.call('HINCRBY', c, 'completion_tokens', completion)
    -- A reservation set the counter's expiry; without one the counter may be new.
    if not member then expireAfter(c, keyExp, now) end
  end
end
redis.call('HSET', rec, 'state', final, 'actual', actual)
redis.call('PEXPIRE', rec, recTtl)
return 1
`;

// KEYS: (counter, open) per scope. ARGV: now.
const USAGE = `${PURGE}
local out = {}
for i = 1, #KEYS / 2 do
  local c, o = KEYS[2 * i - 1], KEYS[2 * i]
  purge(c, o, tonumber(ARGV[1]))
  out[i] = redis.call('HMGET', c, 'spent', 'reserved', 'requests', 'prompt_tokens', 'completion_tokens')
end
return out
`;

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const SCRIPTS = { reserve: RESERVE, finish: FINISH, usage: USAGE } as const;
type ScriptName = keyof typeof SCRIPTS;
const SHAS: Record<ScriptName, string> = { reserve: sha1(RESERVE), finish: sha1(FINISH), usage: sha1(USAGE) };

export interface RedisBudgetStoreOptions {
  readonly url: string;
  /** Key prefix, e.g. `aoai:prod:`. */
  readonly prefix?: string;
  /**
   * Entra ID authentication (Azure Managed Redis / Azure Cache for Redis with access keys off):
   * the credential's tokens for https://redis.azure.com/.default, refreshed before they expire.
   */
  readonly credential?: TokenCredential;
  /** Connection timeout, ms. @default 2000 */
  readonly connectTimeoutMs?: number;
  /** A script without an answer after this long fails as the store being unavailable. @default 5000 */
  readonly commandTimeoutMs?: number;
}

/** How often pending scripts are checked against their deadline, ms: a script fails at most this much after it. */
const DEADLINE_TICK_MS = 100;

type RedisModules = typeof import('./redis-client');

/**
 * The client's base class, without the method per command that RedisClient.create attaches: that
 * builds a class with every command of the client (@redis/client 6.3.1 dist/lib/client/index.js:133-152,
 * dist/lib/commander.js:5-38), ~170 ms of a cold start, and the store sends only EVALSHA and EVAL, through
 * sendCommand (index.js:1126), which connecting, the handshake and re-authentication use too (index.js:488).
 */
type Client = InstanceType<RedisModules['RedisClient']>;

let redisModules: RedisModules | undefined;
/** The Redis client's modules (chunk "redis" in the bundle), loaded on the first connect. */
const redis = (): RedisModules =>
  (redisModules ??= process.env.GATEWAY_CHUNKS_DIR ? bundledChunk<RedisModules>('redis') : (require('./redis-client') as RedisModules));

/** What EntraIdCredentialsProviderFactory.createForDefaultAzureCredential builds, for any TokenCredential. */
function entraIdCredentialsProvider(credential: TokenCredential): EntraidCredentialsProvider {
  const { AzureIdentityProvider, EntraidCredentialsProvider, TokenManager, OID_CREDENTIALS_MAPPER } = redis();
  const scopes = 'https://redis.azure.com/.default';
  const idp = new AzureIdentityProvider(() => credential.getToken(scopes).then((x) => (x === null ? Promise.reject(new Error('Token is null')) : x)));
  return new EntraidCredentialsProvider(new TokenManager(idp, { expirationRefreshRatio: 0.8 }), idp, { credentialsMapper: OID_CREDENTIALS_MAPPER });
}

export class RedisBudgetStore implements BudgetStore {
  private readonly prefix: string;
  /** Scripts sent and not yet answered, with when each fails (see run). */
  private readonly pending = new Map<object, { until: number; fail(): void }>();
  private sweeper?: NodeJS.Timeout;

  private constructor(
    private readonly client: Client,
    prefix: string,
    private readonly commandTimeoutMs: number,
  ) {
    this.prefix = `${prefix}{budget}:`;
  }

  /** Connects (fails with BudgetStoreUnavailableError if Redis cannot be reached). */
  static async connect(options: RedisBudgetStoreOptions): Promise<RedisBudgetStore> {
    const credentialsProvider = options.credential ? entraIdCredentialsProvider(options.credential) : undefined;
    let connected = false;
    const client: Client = new (redis().RedisClient)({
      url: options.url,
      credentialsProvider,
      // Fail fast while disconnected instead of queueing: the governor decides (fail closed by default).
      disableOfflineQueue: true,
      // No per-command AbortSignal.timeout: @redis/client 6.3.1 arms one for every command (5 s by
      // default, client/index.js:466) and disarms it once the command is written
      // (client/commands-queue.js:216-232, 426-431), so it never bounded the wait for an answer while
      // each one cost a timer and a DOMException when it fired. run() bounds the whole round trip.
      commandOptions: { timeout: 0 },
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 2000,
        // The first connection fails fast (start-up reports it); later drops reconnect with backoff.
        reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(50 * 2 ** retries, 2000) : new Error(cause.message)),
      },
    });
    client.on('error', () => undefined); // surfaced per command as BudgetStoreUnavailableError
    try {
      await client.connect();
      connected = true;
    } catch (e) {
      client.destroy();
      throw new BudgetStoreUnavailableError(e);
    }
    return new RedisBudgetStore(client, options.prefix ?? '', options.commandTimeoutMs ?? 5000);
  }

  private counterKeys(scopes: readonly ScopeLimit[]): string[] {
    const keys: string[] = [];
    for (const s of scopes) keys.push(`${this.prefix}c:${s.scope}:${s.window}`, `${this.prefix}o:${s.scope}:${s.window}`);
    return keys;
  }

  /**
   * One script, bounded by the command timeout from sending to answer: a store that accepts the
   * connection but stops answering fails the call (the governor answers 503, or fails open if so
   * configured), instead of holding it. A script that still runs after its caller gave up changes
   * nothing unsafe: a late reservation is never settled and is charged in full when it expires,
   * and settle and release are idempotent. One shared timer checks the deadlines, not one per call.
   */
  private run(name: ScriptName, keys: string[], args: (string | number)[]): Promise<unknown> {
    // EVALSHA sha numkeys key… arg…, and EVAL with the script itself when the server does not have it yet.
    const command = ['EVALSHA', SHAS[name], String(keys.length), ...keys];
    for (const a of args) command.push(String(a));
    const script = async () => {
      try {
        return await this.client.sendCommand(command);
      } catch (e) {
        if (!String((e as Error).message).includes('NOSCRIPT')) throw e;
        command[0] = 'EVAL';
        command[1] = SCRIPTS[name];
        return await this.client.sendCommand(command);
      }
    };
    return new Promise((resolve, reject) => {
      const token = {};
      const done = () => this.pending.delete(token);
      this.pending.set(token, { until: Date.now() + this.commandTimeoutMs, fail: () => reject(new BudgetStoreUnavailableError(new Error(`no answer within ${this.commandTimeoutMs} ms`))) });
      this.sweep();
      script().then(
        (v) => (done(), resolve(v)),
        (e) => (done(), reject(new BudgetStoreUnavailableError(e))),
      );
    });
  }

  /** Fails every script past its deadline; runs while any is pending. */
  private sweep(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const [token, p] of this.pending) {
        if (p.until > now) continue;
        this.pending.delete(token);
        p.fail();
      }
      if (this.pending.size === 0) {
        clearInterval(this.sweeper);
        this.sweeper = undefined;
      }
    }, DEADLINE_TICK_MS);
    this.sweeper.unref();
  }

  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    const args: (string | number)[] = [req.requestId, req.amountMicros, req.now, req.expiresAt, RECORD_TTL_MS];
    for (const s of req.scopes) args.push(s.limitMicros, s.resetsAt + KEY_GRACE_MS);
    const r = (await this.run('reserve', [`${this.prefix}r:${req.requestId}`, ...this.counterKeys(req.scopes)], args)) as number[];
    if (r[0] === 1) return r[1] === 1 ? { ok: true, duplicate: true } : { ok: true };
    const s = req.scopes[r[1] - 1];
    return { ok: false, scope: s.scope, window: s.window, resetsAt: s.resetsAt, spentMicros: Number(r[2]), reservedMicros: Number(r[3]), limitMicros: s.limitMicros };
  }

  private async finish(state: 'settled' | 'released', requestId: string, scopes: readonly ScopeLimit[], actual: number, prompt: number, completion: number, now: number): Promise<boolean> {
    const args: (string | number)[] = [state, actual, prompt, completion, now, RECORD_TTL_MS, ...scopes.map((s) => s.resetsAt + KEY_GRACE_MS)];
    return (await this.run('finish', [`${this.prefix}r:${requestId}`, ...this.counterKeys(scopes)], args)) === 1;
  }

  settle(req: SettleRequest): Promise<boolean> {
    return this.finish('settled', req.requestId, req.scopes, req.actualMicros, req.promptTokens, req.completionTokens, req.now);
  }

  release(requestId: string, scopes: readonly ScopeLimit[], now: number): Promise<boolean> {
    return this.finish('released', requestId, scopes, 0, 0, 0, now);
  }

  async usage(scopes: readonly ScopeLimit[], now: number): Promise<ScopeUsage[]> {
    const rows = (await this.run('usage', this.counterKeys(scopes), [now])) as (string | null)[][];
    return scopes.map((s, i) => {
      const [spent, reserved, requests, prompt, completion] = rows[i].map((v) => Number(v ?? 0));
      return { scope: s.scope, window: s.window, spentMicros: spent, reservedMicros: reserved, requests, promptTokens: prompt, completionTokens: completion };
    });
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    try {
      await this.client.close();
    } catch {
      this.client.destroy();
    }
  }
}
