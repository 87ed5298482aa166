/** Chunk "identity" (function/build.ts CHUNKS): the Entra ID credentials, needed only when the gateway authenticates to Azure. */
export { DefaultAzureCredential, ManagedIdentityCredential, getBearerTokenProvider } from '@azure/identity';
