import { z } from 'zod';
import { badRequest } from './errors';

export type Operation = 'chat' | 'completions' | 'embeddings';

const textPart = z.object({ type: z.literal('text'), text: z.string() }).passthrough();
const otherPart = z.object({ type: z.string() }).passthrough();
const message = z
  .object({
    role: z.string().min(1),
    content: z.union([z.string(), z.array(z.union([textPart, otherPart])), z.null()]).optional(),
    name: z.string().optional(),
  })
  .passthrough();

const tokens = z.number().int().positive().nullable().optional();
const count = z.number().int().min(1).max(128).nullable().optional();

const chat = z.object({ messages: z.array(message).min(1), max_tokens: tokens, max_completion_tokens: tokens, n: count, stream: z.boolean().nullable().optional() }).passthrough();
const completions = z.object({ prompt: z.union([z.string(), z.array(z.string()).min(1)]), max_tokens: tokens, n: count, best_of: count, stream: z.boolean().nullable().optional() }).passthrough();
const embeddings = z.object({ input: z.union([z.string(), z.array(z.string()).min(1), z.array(z.number()), z.array(z.array(z.number()))]) }).passthrough();

export type ChatBody = z.infer<typeof chat>;
export type AnyBody = z.infer<typeof chat> | z.infer<typeof completions> | z.infer<typeof embeddings>;

const SCHEMAS = { chat, completions, embeddings } as const;
const WHAT = { chat: 'a chat completions request', completions: 'a completions request', embeddings: 'an embeddings request' } as const;

export function parseBody(op: Operation, raw: unknown): AnyBody {
  const result = SCHEMAS[op].safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest('invalid_request', `the body is not ${WHAT[op]}: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}

/**
 * Every piece of caller text the model would see, as getter/setter pairs, so DLP can scan each
 * one and redact it in place without touching anything else in the request.
 */
export interface TextSlot {
  readonly text: string;
  set(value: string): void;
}

export function textSlots(op: Operation, body: AnyBody): TextSlot[] {
  const slots: TextSlot[] = [];
  const slotOf = (holder: Record<string, unknown>, key: string | number) => {
    const value = holder[key as string];
    if (typeof value === 'string') slots.push({ text: value, set: (v) => (holder[key as string] = v) });
  };
  if (op === 'chat') {
    for (const m of (body as ChatBody).messages as Record<string, unknown>[]) {
      if (typeof m.content === 'string') slotOf(m, 'content');
      else if (Array.isArray(m.content)) for (const part of m.content as Record<string, unknown>[]) if (part.type === 'text') slotOf(part, 'text');
      // Arguments of earlier tool and function calls travel back to the model as text too.
      const calls = Array.isArray(m.tool_calls) ? (m.tool_calls as Record<string, unknown>[]) : [];
      for (const call of calls) {
        const fn = call?.function as Record<string, unknown> | undefined;
        if (fn && typeof fn === 'object') slotOf(fn, 'arguments');
      }
      const legacy = m.function_call as Record<string, unknown> | undefined;
      if (legacy && typeof legacy === 'object') slotOf(legacy, 'arguments');
    }
  } else {
    const key = op === 'completions' ? 'prompt' : 'input';
    const holder = body as Record<string, unknown>;
    const value = holder[key];
    if (typeof value === 'string') slotOf(holder, key);
    else if (Array.isArray(value)) value.forEach((_, i) => slotOf(value as unknown as Record<string, unknown>, i));
  }
  return slots;
}
