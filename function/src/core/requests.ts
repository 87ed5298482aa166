import * as z from 'zod/mini';
// Named imports from core: reaching them through `z.core` would keep all of core in the bundle (+370 KB).
import { $constructor, $ZodObjectJIT, util } from 'zod/v4/core';
import { en } from 'zod/locales';
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

// zod/mini, whose functions the bundler keeps only as used (the classic API's methods keep all of zod,
// ~440 KB of a 0.9 MB bundle); the same core, checks and English messages. Helpers for its wrappers:
const optional = <T extends z.core.SomeType>(s: T) => z.optional(s);
/**
 * zod/mini's strictObject with the parser of core's `$ZodObjectJIT` (the one the classic API's objects
 * use) instead of `$ZodObject`'s interpreted walk: each shape is compiled once, on its first parse, into
 * straight-line code over its keys (zod/v4/core/schemas.js, generateFastpass). Same checks, same issues,
 * same output; the chat allow-list has ~30 optional fields, and walking them was most of a small body's
 * validation (5 µs against 0.7 µs per call, warm). Compiled from the shapes' own key names, never from input.
 */
const JitStrictObject = $constructor('ZodMiniJitObject', (inst: z.ZodMiniObject, def: z.ZodMiniObject['_zod']['def']) => {
  $ZodObjectJIT.init(inst, def);
  z.ZodMiniType.init(inst, def);
  // As ZodMiniObject has it (zod/v4/mini/schemas.js, ZodMiniObject).
  util.installLazyProp(inst, 'shape', (self) => self._zod.def.shape, false);
});
const strictObject = <S extends z.core.$ZodLooseShape>(shape: S): z.ZodMiniObject<S, z.core.$strict> =>
  new JitStrictObject({ type: 'object', shape, catchall: z.never() }) as unknown as z.ZodMiniObject<S, z.core.$strict>;
const nullish = <T extends z.core.SomeType>(s: T) => z.optional(z.nullable(s));
const integer = () => z.number().check(z.int());

const num = nullish(z.number());
const int = nullish(integer());
const tokens = nullish(integer().check(z.positive()));
const count = nullish(integer().check(z.gte(1), z.lte(128)));
const bool = nullish(z.boolean());
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

const stopSeq = z.string().check(z.minLength(1), z.maxLength(MAX_STOP_CHARS));
const stop = nullish(z.union([stopSeq, z.array(stopSeq).check(z.maxLength(MAX_STOP))]));
const logitBias = nullish(
  z
    .record(z.string().check(z.regex(/^\d{1,7}$/)), z.number().check(z.gte(-100), z.lte(100)))
    .check(z.refine((r) => Object.keys(r).length <= MAX_LOGIT_BIAS, `at most ${MAX_LOGIT_BIAS} entries`)),
);
const user = optional(z.string().check(z.maxLength(MAX_USER_CHARS)));

const textPart = strictObject({ type: z.literal('text'), text: z.string() });
const refusalPart = strictObject({ type: z.literal('refusal'), refusal: z.string() });
const imagePart = strictObject({
  type: z.literal('image_url'),
  image_url: strictObject({ url: z.string().check(z.minLength(1)), detail: optional(z.enum(['auto', 'low', 'high'])) }),
});
// Accepted by the schema only to be refused with a reason (visible.ts): audio and files can be neither scanned nor priced.
const audioPart = strictObject({ type: z.literal('input_audio'), input_audio: strictObject({ data: z.string(), format: z.string() }) });
const filePart = strictObject({ type: z.literal('file'), file: z.record(z.string(), z.unknown()) });
const part = z.discriminatedUnion('type', [textPart, refusalPart, imagePart, audioPart, filePart]);

const fnCall = strictObject({ name: z.string(), arguments: z.string() });
const toolCall = strictObject({ id: z.string(), type: z.literal('function'), function: fnCall });
const message = strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: optional(z.union([z.string(), z.array(part).check(z.maxLength(MAX_PARTS)), z.null()])),
  name: optional(z.string()),
  tool_calls: optional(z.array(toolCall)),
  tool_call_id: optional(z.string()),
  function_call: nullish(fnCall),
  refusal: nullish(z.string()),
});

const fnDef = strictObject({ name: z.string(), description: optional(z.string()), parameters: optional(z.unknown()), strict: nullish(z.boolean()) });
const tool = strictObject({ type: z.literal('function'), function: fnDef });
const responseFormat = z.discriminatedUnion('type', [
  strictObject({ type: z.literal('text') }),
  strictObject({ type: z.literal('json_object') }),
  strictObject({
    type: z.literal('json_schema'),
    json_schema: strictObject({ name: z.string(), description: optional(z.string()), schema: optional(z.unknown()), strict: nullish(z.boolean()) }),
  }),
]);
/*
 * Azure "On Your Data" (chat extensions: azure_search, azure_cosmos_db, elasticsearch, pinecone,
 * mongo_db): strict like the rest, with the documented parameters. Every URL in it is checked
 * against the operators' allow-list of origins and everything but the explicit credential is
 * scanned (visible.ts).
 */
const dsAuthentication = strictObject({
  type: z.string(),
  key: optional(z.string()),
  key_id: optional(z.string()),
  access_token: optional(z.string()),
  encoded_api_key: optional(z.string()),
  connection_string: optional(z.string()),
  username: optional(z.string()),
  password: optional(z.string()),
  managed_identity_resource_id: optional(z.string()),
});
const dsEmbedding = strictObject({
  type: z.enum(['endpoint', 'deployment_name', 'model_id', 'integrated']),
  endpoint: optional(z.string()),
  deployment_name: optional(z.string()),
  model_id: optional(z.string()),
  dimensions: optional(integer().check(z.positive())),
  authentication: optional(dsAuthentication),
});
const dsFieldsMapping = strictObject({
  title_field: nullish(z.string()),
  url_field: nullish(z.string()),
  filepath_field: nullish(z.string()),
  content_fields: optional(z.array(z.string())),
  content_fields_separator: optional(z.string()),
  vector_fields: optional(z.array(z.string())),
  image_vector_fields: optional(z.array(z.string())),
});
const dataSource = strictObject({
  type: z.enum(['azure_search', 'azure_cosmos_db', 'elasticsearch', 'pinecone', 'mongo_db']),
  parameters: strictObject({
    endpoint: optional(z.string()),
    index_name: optional(z.string()),
    database_name: optional(z.string()),
    container_name: optional(z.string()),
    collection_name: optional(z.string()),
    app_name: optional(z.string()),
    environment: optional(z.string()),
    authentication: optional(dsAuthentication),
    embedding_dependency: optional(dsEmbedding),
    fields_mapping: optional(dsFieldsMapping),
    query_type: optional(z.string()),
    semantic_configuration: optional(z.string()),
    filter: nullish(z.string()),
    in_scope: optional(z.boolean()),
    strictness: optional(integer().check(z.gte(1), z.lte(5))),
    top_n_documents: optional(integer().check(z.gte(1), z.lte(50))),
    max_search_queries: optional(integer().check(z.gte(1), z.lte(20))),
    allow_partial_result: optional(z.boolean()),
    include_contexts: optional(z.array(z.enum(['citations', 'intent', 'all_retrieved_documents']))),
    role_information: optional(z.string()),
  }),
});

const chat = strictObject({
  messages: z.array(message).check(z.minLength(1), z.maxLength(MAX_MESSAGES)),
  model: optional(z.string()),
  max_tokens: tokens,
  max_completion_tokens: tokens,
  n: count,
  stream: bool,
  stream_options: nullish(strictObject({ include_usage: optional(z.boolean()) })),
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
  tools: optional(z.array(tool).check(z.maxLength(MAX_TOOLS))),
  tool_choice: optional(z.union([z.enum(['none', 'auto', 'required']), strictObject({ type: z.literal('function'), function: strictObject({ name: z.string() }) })])),
  functions: optional(z.array(fnDef).check(z.maxLength(MAX_TOOLS))),
  function_call: optional(z.union([z.enum(['none', 'auto']), strictObject({ name: z.string() })])),
  parallel_tool_calls: optional(z.boolean()),
  response_format: optional(responseFormat),
  prediction: optional(strictObject({ type: z.literal('content'), content: z.union([z.string(), z.array(textPart)]) })),
  reasoning_effort: optional(z.enum(['minimal', 'low', 'medium', 'high'])),
  data_sources: optional(z.array(dataSource)),
});

const tokenArrays = [z.array(integer()).check(z.minLength(1)), z.array(z.array(integer()).check(z.minLength(1))).check(z.minLength(1))] as const;
const completions = strictObject({
  prompt: z.union([z.string(), z.array(z.string()).check(z.minLength(1)), ...tokenArrays]),
  suffix: nullish(z.string()),
  model: optional(z.string()),
  max_tokens: tokens,
  n: count,
  best_of: count,
  stream: nullish(z.literal(false)),
  temperature: num,
  top_p: num,
  presence_penalty: num,
  frequency_penalty: num,
  logit_bias: logitBias,
  logprobs: nullish(integer().check(z.gte(0), z.lte(5))),
  echo: bool,
  stop,
  seed: int,
  user,
});
const embeddings = strictObject({
  input: z.union([z.string(), z.array(z.string()).check(z.minLength(1)), ...tokenArrays]),
  model: optional(z.string()),
  user,
  dimensions: optional(integer().check(z.positive())),
  encoding_format: optional(z.enum(['float', 'base64'])),
});

export type ChatBody = z.infer<typeof chat>;
export type ChatMessage = z.infer<typeof message>;
export type CompletionsBody = z.infer<typeof completions>;
export type EmbeddingsBody = z.infer<typeof embeddings>;
export type AnyBody = (ChatBody | CompletionsBody | EmbeddingsBody) & Record<string, unknown>;

// English messages, as the classic API sets them on import (zod/mini sets none).
z.config(en());

/** The allow-list per operation (exported for the test that holds the compiled parsers to zod's interpreted ones). */
export const SCHEMAS = { chat, completions, embeddings } as const;
const WHAT = { chat: 'a chat completions request', completions: 'a completions request', embeddings: 'an embeddings request' } as const;

export type BodyParser = (raw: unknown) => AnyBody;

/**
 * Why `field` cannot be let through beyond `op`'s allow-list, or undefined when it can: a field the
 * allow-list already has would lose its schema (a `messages` of any shape), and a name that objects
 * inherit (`constructor`, `toString`, `__proto__`) would be read from the prototype of every body.
 */
export function extraFieldProblem(op: Operation, field: string): string | undefined {
  if (Object.hasOwn(SCHEMAS[op].shape, field)) return `"${field}" is already in the ${op} allow-list, with its own checks`;
  if (field in Object.prototype) return `"${field}" is a name every object inherits`;
  return undefined;
}

/**
 * A validator for one operation; `extraFields` are top-level fields operators let through, each
 * optional and of any JSON value (scanned and counted as JSON, visible.ts). `raw` comes from readJson,
 * whose shape check already bounds its depth and size.
 */
export function bodyParser(op: Operation, extraFields: readonly string[] = []): BodyParser {
  const base = SCHEMAS[op] as z.ZodMiniObject;
  for (const f of extraFields) {
    const problem = extraFieldProblem(op, f);
    if (problem) throw new Error(`extra field for ${op}: ${problem}`);
  }
  const schema = extraFields.length ? z.extend(base, Object.fromEntries(extraFields.map((f) => [f, optional(z.unknown())]))) : base;
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
