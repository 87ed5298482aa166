import { GATEWAY_AUDIT_EVENT } from '../../../config/telemetry';
/** Structured logs. Prompts and completions never reach a logger: events carry counts and types only. */
export interface Logger {
  info(event: Record<string, unknown>): void;
  warn(event: Record<string, unknown>): void;
  error(event: Record<string, unknown>): void;
}


export const AUDIT_EVENT = GATEWAY_AUDIT_EVENT;

/** One audit event per call. */
export interface AuditEvent {
  readonly event: typeof AUDIT_EVENT;
  readonly requestId: string;
  /** The caller's x-ms-client-request-id, for correlation only. */
  readonly clientRequestId: string | null;
  readonly caller: string | null;
  readonly operation: string;
  readonly deployment: string | null;
  readonly model: string | null;
  readonly status: number;
  readonly errorCode: string | null;
  readonly stream: boolean;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly costUsd: number;
  readonly dlp: { readonly action: string; readonly findings: Record<string, number> };
  /** The Azure OpenAI account (and its region) that served the call, or answered its error; null when none was called. */
  readonly backend: { readonly account: string; readonly region: string } | null;
  readonly latencyMs: number;
}

/** One JSON object per line on stdout/stderr (the Functions adapter uses the invocation logger). */
export const consoleLogger: Logger = {
  info: (e) => console.log(JSON.stringify(e)),
  warn: (e) => console.warn(JSON.stringify(e)),
  error: (e) => console.error(JSON.stringify(e)),
};
