/** Chunk "openai" (function/build.ts CHUNKS): the `openai` SDK, which the gateway uses for streams only. */
export { AzureOpenAI, APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
