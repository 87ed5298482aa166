import { redact, summarize, type DlpPolicy, type Finding } from '../dlp';

/**
 * DLP over a request as the model will see it, with each finding mapped back into the slots it
 * covers (redaction replaces each slot's share of it, and nothing else).
 *
 * Three views, all through the DLP engine's public `evaluate`:
 * - every slot joined by a hard separator (a blank line around a lone `|`, which no detector
 *   reads as part of a value and no normalization removes), so a value whole in one slot is
 *   found exactly as if the slot were scanned alone, at the cost of one scan;
 * - only between slots that are one run of prose for the model (`flow`: message contents and
 *   parts in order, consecutive messages, descriptions), the text within `window` characters
 *   either side of the junction, joined directly and joined by a space (the two ways a split
 *   value reads as one); only findings that cross the junction are kept from these. Schema
 *   keys and values, names, ids and arguments are never glued to their neighbours. Windows that
 *   overlap are merged, so this scans at most twice the prose more, and far less for long slots.
 */
export interface SlotScan {
  readonly action: 'allow' | 'redact' | 'block';
  /** Types and counts of the actionable findings (safe to log). */
  readonly summary: Record<string, number>;
  /** Per slot, the actionable findings in that slot's own offsets. */
  readonly perSlot: Finding[][];
}

interface Joined {
  readonly text: string;
  /** Start offset of each slot in `text`. */
  readonly starts: number[];
}

function join(texts: readonly string[], separator: string): Joined {
  const starts: number[] = [];
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    starts.push(at);
    at += texts[i].length + separator.length;
  }
  return { text: texts.join(separator), starts };
}

/** The slots a span [start, end) of the joined text covers, in each slot's own offsets. */
function mapBack(j: Joined, texts: readonly string[], f: Finding, out: Finding[][]): void {
  // Binary search for the last slot starting at or before f.start.
  let lo = 0;
  let hi = j.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (j.starts[mid] <= f.start) lo = mid;
    else hi = mid - 1;
  }
  for (let i = lo; i < texts.length && j.starts[i] < f.end; i++) {
    const s = Math.max(f.start, j.starts[i]) - j.starts[i];
    const e = Math.min(f.end, j.starts[i] + texts[i].length) - j.starts[i];
    if (e > s) out[i].push({ ...f, start: s, end: e });
  }
}

/** Between slots in the whole-text view: a boundary no value crosses. */
export const HARD_SEPARATOR = '\n\n|\n\n';

export function scanSlots(dlp: DlpPolicy, all: readonly string[], window: number, flow: readonly boolean[] = []): SlotScan {
  const perSlotAll: Finding[][] = all.map(() => []);
  const found: Finding[] = [];
  const whole = join(all, HARD_SEPARATOR);
  for (const f of dlp.evaluate(whole.text).actionable) {
    found.push(f);
    mapBack(whole, all, f, perSlotAll);
  }
  // Junctions only between consecutive prose slots; findings map back through `index`.
  const index = all.map((_, i) => i).filter((i) => flow[i] === true);
  const texts = index.map((i) => all[i]);
  const perSlot: Finding[][] = texts.map(() => []);
  if (texts.length > 1) {
    const seen = new Set<string>(); // one value split at a junction is found in both joins: count it once
    for (const separator of ['', ' ']) {
      const j = join(texts, separator);
      // Junction i sits between slot i-1 and slot i: [starts[i] - separator.length, starts[i]).
      const ranges: [number, number][] = [];
      for (let i = 1; i < texts.length; i++) {
        const a = Math.max(0, j.starts[i] - separator.length - window);
        const b = Math.min(j.text.length, j.starts[i] + window);
        const last = ranges[ranges.length - 1];
        if (last && a <= last[1]) last[1] = Math.max(last[1], b);
        else ranges.push([a, b]);
      }
      for (const [a, b] of ranges) {
        for (const local of dlp.evaluate(j.text.slice(a, b)).actionable) {
          const f = { ...local, start: local.start + a, end: local.end + a };
          const junction = j.starts.findIndex((s, i) => i > 0 && f.start < s - separator.length && f.end > s);
          if (junction < 0) continue;
          const key = `${f.type}|${f.rule}|${junction}`;
          if (seen.has(key)) continue;
          seen.add(key);
          found.push(f);
          mapBack(j, texts, f, perSlot);
        }
      }
    }
  }
  perSlot.forEach((fs, k) => perSlotAll[index[k]].push(...fs));
  const action = found.length === 0 ? 'allow' : found.some((f) => dlp.actionFor(f.type) === 'block') ? 'block' : 'redact';
  return { action, summary: summarize(found), perSlot: perSlotAll };
}

/** Each slot's text with its share of every finding redacted. */
export function redactSlot(dlp: DlpPolicy, text: string, findings: readonly Finding[]): string {
  return redact(text, findings, { keepCardLastFour: dlp.config.keepCardLastFour });
}
