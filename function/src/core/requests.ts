import { z } from 'zod';
import { badRequest, GatewayError } from './errors';

export type Operation = 'chat' | 'completions' | 'embeddings';

/*
 * The request allow-list: per operation, the Azure OpenAI request fields the gateway understands
 * (https://learn.microsoft.com/azure/ai-foundry/openai/reference — chat completions, completions,
 * embeddings). Every object is strict, so an unknown field anywhere is a 400 naming it; nothing
 * unvalidated passes through. Operators can let more top-level fields through with
 * GATEWAY_EXTRA_FIELDS; those are scanned and counted as JSON (see visible.ts).
 *
 * No schema here defaults, coerces or transforms a value: the validated body is the parsed one,
 * which lets the gateway forward a body's own bytes when nothing rewrote it (gateway.ts, verbatim).
 */

const num = z.number().nullable().optional();
const int = z.number().int().nullable().optional();
const tokens = z.number().int().positive().nullable().optional();
const count = z.number().int().min(1).max(128).nullable().optional();
const bool = z.boolean().nullable().optional();
/** As OpenAI bounds them: up to 4 stop sequences, each short. */
export const MAX_STOP = 4;
export const MAX_STOP_CHARS = 256;
/** OpenAI's end-user id is a short opaque id (the gateway keeps it to this length). */
export const MAX_USER_CHARS = 256;
/** As OpenAI: at most 300 logit_bias entries, each -100..100. */
export const MAX_LOGIT_BIAS = 300;
/** Structural caps (OpenAI: 2,048 messages, 128 tools); a message has at most this many content parts. */
export const MAX_MESSAGES = 2048;
export const MAX_PARTS = 1024;
export const MAX_TOOLS = 128;

const stopSeq = z.string().min(1).max(MAX_STOP_CHARS);
const stop = z.union([stopSeq, z.array(stopSeq).max(MAX_STOP)]).nullable().optional();
const logitBias = z
  .record(z.string().regex(/^\d{1,7}$/), z.number().min(-100).max(100))
  .refine((r) => Object.keys(r).length <= MAX_LOGIT_BIAS, `at most ${MAX_LOGIT_BIAS} entries`)
  .nullable()
  .optional();
const user = z.string().max(MAX_USER_CHARS).optional();

const textPart = z.strictObject({ type: z.literal('text'), text: z.string() });
const refusalPart = z.strictObject({ type: z.literal('refusal'), refusal: z.string() });
const imagePart = z.strictObject({
  type: z.literal('image_url'),
  image_url: z.strictObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
// Accepted by the schema only to be refused with a reason (visible.ts): audio and files can be neither scanned nor priced.
const audioPart = z.strictObject({ type: z.literal('input_audio'), input_audio: z.strictObject({ data: z.string(), format: z.string() }) });
const filePart = z.strictObject({ type: z.literal('file'), file: z.record(z.string(), z.unknown()) });
const part = z.discriminatedUnion('type', [textPart, refusalPart, imagePart, audioPart, filePart]);

const fnCall = z.strictObject({ name: z.string(), arguments: z.string() });
const toolCall = z.strictObject({ id: z.string(), type: z.literal('function'), function: fnCall });
const message = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(part).max(MAX_PARTS), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
  function_call: fnCall.nullable().optional(),
  refusal: z.string().nullable().optional(),
});

const fnDef = z.strictObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional(), strict: z.boolean().nullable().optional() });
const tool = z.strictObject({ type: z.literal('function'), function: fnDef });
const responseFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    json_schema: z.strictObject({ name: z.string(), description: z.string().optional(), schema: z.unknown().optional(), strict: z.boolean().nullable().optional() }),
  }),
]);
/*
 * Azure "On Your Data" (chat extensions: azure_search, azure_cosmos_db, elasticsearch, pinecone,
 * mongo_db): strict like the rest, with the documented parameters. Every URL in it is checked
 * against the operators' allow-list of origins and everything but the explicit credential is
 * scanned (visible.ts).
 */
const dsAuthentication = z.strictObject({
  type: z.string(),
  key: z.string().optional(),
  key_id: z.string().optional(),
  access_token: z.string().optional(),
  encoded_api_key: z.string().optional(),
  connection_string: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  managed_identity_resource_id: z.string().optional(),
});
const dsEmbedding = z.strictObject({
  type: z.enum(['endpoint', 'deployment_name', 'model_id', 'integrated']),
  endpoint: z.string().optional(),
  deployment_name: z.string().optional(),
  model_id: z.string().optional(),
  dimensions: z.number().int().positive().optional(),
  authentication: dsAuthentication.optional(),
});
const dsFieldsMapping = z.strictObject({
  title_field: z.string().nullable().optional(),
  url_field: z.string().nullable().optional(),
  filepath_field: z.string().nullable().optional(),
  content_fields: z.array(z.string()).optional(),
  content_fields_separator: z.string().optional(),
  vector_fields: z.array(z.string()).optional(),
  image_vector_fields: z.array(z.string()).optional(),
});
const dataSource = z.strictObject({
  type: z.enum(['azure_search', 'azure_cosmos_db', 'elasticsearch', 'pinecone', 'mongo_db']),
  parameters: z.strictObject({
    endpoint: z.string().optional(),
    index_name: z.string().optional(),
    database_name: z.string().optional(),
    container_name: z.string().optional(),
    collection_name: z.string().optional(),
    app_name: z.string().optional(),
    environment: z.string().optional(),
    authentication: dsAuthentication.optional(),
    embedding_dependency: dsEmbedding.optional(),
    fields_mapping: dsFieldsMapping.optional(),
    query_type: z.string().optional(),
    semantic_configuration: z.string().optional(),
    filter: z.string().nullable().optional(),
    in_scope: z.boolean().optional(),
    strictness: z.number().int().min(1).max(5).optional(),
    top_n_documents: z.number().int().min(1).max(50).optional(),
    max_search_queries: z.number().int().min(1).max(20).optional(),
    allow_partial_result: z.boolean().optional(),
    include_contexts: z.array(z.enum(['citations', 'intent', 'all_retrieved_documents'])).optional(),
    role_information: z.string().optional(),
  }),
});

const chat = z.strictObject({
  messages: z.array(message).min(1).max(MAX_MESSAGES),
  model: z.string().optional(),
  max_tokens: tokens,
  max_completion_tokens: tokens,
  n: count,
  stream: bool,
  stream_options: z.strictObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  temperature: num,
  top_p: num,
  presence_penalty: num,
  frequency_penalty: num,
  logit_bias: logitBias,
  logprobs: bool,
  top_logprobs: int,
  seed: int,
  stop,
  user,
  tools: z.array(tool).max(MAX_TOOLS).optional(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), z.strictObject({ type: z.literal('function'), function: z.strictObject({ name: z.string() }) })]).optional(),
  functions: z.array(fnDef).max(MAX_TOOLS).optional(),
  function_call: z.union([z.enum(['none', 'auto']), z.strictObject({ name: z.string() })]).optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.optional(),
  prediction: z.strictObject({ type: z.literal('content'), content: z.union([z.string(), z.array(textPart)]) }).optional(),
  reasoning_effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
  data_sources: z.array(dataSource).optional(),
});

const tokenArrays = [z.array(z.number().int()).min(1), z.array(z.array(z.number().int()).min(1)).min(1)] as const;
const completions = z.strictObject({
  prompt: z.union([z.string(), z.array(z.string()).min(1), ...tokenArrays]),
  suffix: z.string().nullable().optional(),
  model: z.string().optional(),
  max_tokens: tokens,
  n: count,
  best_of: count,
  stream: z.literal(false).nullable().optional(),
  temperature: num,
  top_p: num,
  presence_penalty: num,
  frequency_penalty: num,
  logit_bias: logitBias,
  logprobs: z.number().int().min(0).max(5).nullable().optional(),
  echo: bool,
  stop,
  seed: int,
  user,
});
const embeddings = z.strictObject({
  input: z.union([z.string(), z.array(z.string()).min(1), ...tokenArrays]),
  model: z.string().optional(),
  user,
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

export type ChatBody = z.infer<typeof chat>;
export type ChatMessage = z.infer<typeof message>;
export type CompletionsBody = z.infer<typeof completions>;
export type EmbeddingsBody = z.infer<typeof embeddings>;
export type AnyBody = (ChatBody | CompletionsBody | EmbeddingsBody) & Record<string, unknown>;

const SCHEMAS = { chat, completions, embeddings } as const;
const WHAT = { chat: 'a chat completions request', completions: 'a completions request', embeddings: 'an embeddings request' } as const;

export type BodyParser = (raw: unknown) => AnyBody;

/**
 * A validator for one operation; `extraFields` are top-level fields operators let through. `raw` comes
 * from readJson, whose shape check already bounds its depth and size.
 */
export function bodyParser(op: Operation, extraFields: readonly string[] = []): BodyParser {
  const base = SCHEMAS[op] as z.ZodObject;
  const schema = extraFields.length ? base.extend(Object.fromEntries(extraFields.map((f) => [f, z.unknown()]))) : base;
  return (raw) => {
    // Before the schema walks them: a logit_bias over its cap is refused without reading its entries.
    const bias = (raw as { logit_bias?: unknown } | null)?.logit_bias;
    if (bias && typeof bias === 'object' && !Array.isArray(bias)) {
      let n = 0;
      for (const _ in bias) if (++n > MAX_LOGIT_BIAS) throw badRequest('invalid_request', `logit_bias: at most ${MAX_LOGIT_BIAS} entries`);
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const at = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') {
        const field = [at, issue.keys[0]].filter(Boolean).join('.');
        throw new GatewayError(400, 'unknown_parameter', `unknown field "${field.slice(0, 200)}" in ${WHAT[op]}; the gateway forwards only fields it understands`);
      }
      throw badRequest('invalid_request', `the body is not ${WHAT[op]}: ${at || 'body'}: ${issue.message}`);
    }
    const body = result.data as AnyBody;
    if (op === 'chat' && body.max_tokens != null && (body as ChatBody).max_completion_tokens != null) {
      // As OpenAI answers: the two are alternatives, never both.
      throw badRequest('invalid_request', 'max_tokens and max_completion_tokens cannot both be set; use max_completion_tokens');
    }
    return body;
  };
}
