/**
 * The environment bench/gateway-server.ts runs with against loopback peers: a fake Azure OpenAI
 * without auth, Entra tokens from a loopback issuer, a real redis-server, budgets no bench reaches.
 * Shared by `npm run bench:gateway` and build:function's cold-start measurement.
 */
export function loopbackGatewayEnv(peers: {
  readonly upstreamUrl: string;
  readonly issuer: { readonly issuer: string; readonly audience: string; readonly jwksUri: string };
  readonly redisUrl: string;
  readonly deployments: string;
}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    AZURE_OPENAI_ENDPOINT: peers.upstreamUrl,
    AZURE_OPENAI_AUTH: 'none',
    GATEWAY_AUTH: 'entra',
    ENTRA_ISSUER: peers.issuer.issuer,
    ENTRA_AUDIENCE: peers.issuer.audience,
    ENTRA_JWKS_URI: peers.issuer.jwksUri,
    GATEWAY_DEPLOYMENTS: peers.deployments,
    REDIS_URL: peers.redisUrl,
    BUDGET_DAILY_USD: '100000',
    BUDGET_MONTHLY_USD: '1000000',
  };
}
