/**
 * Chunk "redis" (function/build.ts CHUNKS): the Redis client and the Entra ID credentials provider,
 * needed only with REDIS_URL.
 *
 * The client alone: the `redis` package's createClient also bundles RedisJSON, Search, TimeSeries and
 * Bloom command sets (~100 KB the gateway never calls), and @redis/client's index adds its cluster,
 * sentinel and pool clients. The store uses the client's base class (see redis-store.ts).
 *
 * The parts of @redis/entraid 6.1.0 that EntraIdCredentialsProviderFactory.createForDefaultAzureCredential
 * assembles (dist/lib/entra-id-credentials-provider-factory.js:113-119), without the factory module: it
 * requires @azure/msal-node's CommonJS build and @azure/msal-common at load (lines 4-5) for its other
 * flows, a second copy of MSAL next to the one @azure/identity bundles (~400 KB of the bundle).
 */
export { default as RedisClient } from '@redis/client/dist/lib/client';
export { TokenManager } from '@redis/client/dist/lib/authx';
export { AzureIdentityProvider } from '@redis/entraid/dist/lib/azure-identity-provider';
export { EntraidCredentialsProvider, OID_CREDENTIALS_MAPPER } from '@redis/entraid/dist/lib/entraid-credentials-provider';
