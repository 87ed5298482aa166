/**
 * The Node.js version the gateway runs on in Azure: Flex Consumption's `runtime_version`
 * (constructs/gateway-function.ts) and esbuild's target (function/build.ts). Node.js 20 reached end of
 * support on Azure Functions on 2026-04-30 (https://learn.microsoft.com/azure/azure-functions/functions-versions#languages).
 */
export const GATEWAY_NODE_VERSION = '22';
