import type { DlpPolicy, Finding } from '../dlp';
import { redactSlot, scanSlots } from './joined-scan';
import type { TextSlot } from './visible';

type Json = Record<string, unknown>;

const add = (into: Record<string, number>, summary: Record<string, number>) => {
  for (const [k, n] of Object.entries(summary)) into[`completion:${k}`] = (into[`completion:${k}`] ?? 0) + n;
};

function slotOf(holder: unknown, key: string, slots: TextSlot[]): void {
  const h = holder as Json | undefined;
  if (h && typeof h[key] === 'string' && (h[key] as string).length) slots.push({ text: h[key] as string, set: (v) => (h[key] = v) });
}

/**
 * Output governance for a complete (non-streamed) response: every output field of every choice
 * (content, refusal, tool-call and function-call arguments, legacy text) is scanned as one
 * joined view and redacted; a choice with a redaction loses its logprobs, which spell the same
 * text token by token. Output has been paid for, so it is redacted, never blocked.
 */
export function redactCompletion(result: Json, dlp: DlpPolicy, window: number): Record<string, number> {
  const found: Record<string, number> = {};
  const choices = Array.isArray(result.choices) ? (result.choices as Json[]) : [];
  for (const c of choices) {
    const slots: TextSlot[] = [];
    const m = c.message as Json | undefined;
    if (m) {
      slotOf(m, 'content', slots);
      slotOf(m, 'refusal', slots);
      for (const call of Array.isArray(m.tool_calls) ? (m.tool_calls as Json[]) : []) slotOf(call.function, 'arguments', slots);
      slotOf(m.function_call, 'arguments', slots);
    } else slotOf(c, 'text', slots);
    if (slots.length === 0) continue;
    // One choice's fields are one answer: read across their junctions, as before.
    const scan = scanSlots(dlp, slots.map((s) => s.text), window, slots.map(() => true));
    if (scan.action === 'allow') continue;
    slots.forEach((s, i) => scan.perSlot[i].length && s.set(redactSlot(dlp, s.text, scan.perSlot[i])));
    if ('logprobs' in c) c.logprobs = null;
    add(found, scan.summary);
  }
  return found;
}

/** Re-scan a field's held text only after it has grown by this much (bounds the rescans per stream). */
const RESCAN_STEP = 64;

/**
 * Output governance for a stream. Per choice and field (content, refusal, each tool call's
 * arguments), text is held back only as long as the longest detectable value (`holdback`
 * characters): whatever lies before that window, and is not the start of a finding, flows on at
 * once, redacted; a value that spans chunks is whole inside the window before any of it leaves.
 * Logprobs are dropped (they spell the content token by token).
 */
export class StreamGuard {
  private readonly pending = new Map<string, string>();
  readonly found: Record<string, number> = {};
  private template: Json | undefined;

  constructor(private readonly dlp: DlpPolicy, private readonly holdback: number) {}

  /** What may leave of a field's held text now (everything when `final`); keeps the rest. */
  private release(key: string, delta: string, final: boolean): string {
    const text = (this.pending.get(key) ?? '') + delta;
    if (!final && text.length < this.holdback + RESCAN_STEP) {
      this.pending.set(key, text);
      return '';
    }
    const findings = this.dlp.evaluate(text).actionable;
    let cut = final ? text.length : text.length - this.holdback;
    for (let moved = true; moved; ) {
      moved = false;
      for (const f of findings) {
        if (f.start < cut && f.end > cut) {
          cut = f.start; // never release part of a value
          moved = true;
        }
      }
    }
    const inside: Finding[] = findings.filter((f) => f.end <= cut);
    if (inside.length) {
      const counts: Record<string, number> = {};
      for (const f of inside) {
        const k = f.type === 'SECRET' ? `SECRET:${f.rule}` : f.type;
        counts[k] = (counts[k] ?? 0) + 1;
      }
      add(this.found, counts);
    }
    this.pending.set(key, text.slice(cut));
    return redactSlot(this.dlp, text.slice(0, cut), inside);
  }

  /** Rewrites one chunk in place. */
  process(chunk: Json): void {
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as Json[]) : [];
    if (choices.length) this.template = chunk;
    for (const c of choices) {
      const i = Number(c.index ?? 0);
      if ('logprobs' in c) c.logprobs = null;
      const final = c.finish_reason != null;
      const delta = (c.delta ?? (c.delta = {})) as Json;
      for (const field of ['content', 'refusal'] as const) {
        const key = `${i}|${field}`;
        if (typeof delta[field] === 'string' || (final && this.pending.has(key))) {
          delta[field] = this.release(key, typeof delta[field] === 'string' ? (delta[field] as string) : '', final);
        }
      }
      const calls = Array.isArray(delta.tool_calls) ? (delta.tool_calls as Json[]) : [];
      for (const call of calls) {
        const fn = call.function as Json | undefined;
        if (fn && typeof fn.arguments === 'string') fn.arguments = this.release(`${i}|tool|${Number(call.index ?? 0)}`, fn.arguments, final);
      }
      if (final) {
        // Whatever is still held for this choice's tool calls leaves with its finish.
        for (const key of [...this.pending.keys()].filter((k) => k.startsWith(`${i}|tool|`))) {
          const text = this.release(key, '', true);
          if (text) (delta.tool_calls = (delta.tool_calls as Json[] | undefined) ?? []).push({ index: Number(key.split('|')[2]), function: { arguments: text } });
        }
        for (const key of [...this.pending.keys()]) if (key.startsWith(`${i}|`)) this.pending.delete(key);
      }
    }
  }

  /** At the end of the stream: a chunk carrying everything still held (none when nothing is). */
  flush(): Json | undefined {
    if (this.pending.size === 0 || !this.template) return undefined;
    const byChoice = new Map<number, Json>();
    for (const key of [...this.pending.keys()]) {
      const [i, field, index] = key.split('|');
      const text = this.release(key, '', true);
      this.pending.delete(key);
      if (!text) continue;
      const delta = byChoice.get(Number(i)) ?? {};
      byChoice.set(Number(i), delta);
      if (field === 'tool') ((delta.tool_calls as Json[] | undefined) ?? (delta.tool_calls = [])) && (delta.tool_calls as Json[]).push({ index: Number(index), function: { arguments: text } });
      else delta[field] = text;
    }
    if (byChoice.size === 0) return undefined;
    const { usage: _usage, ...meta } = this.template;
    return { ...meta, choices: [...byChoice].map(([index, delta]) => ({ index, delta, finish_reason: null })) };
  }
}
