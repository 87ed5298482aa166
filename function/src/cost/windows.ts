/** Budget windows in UTC: a day is YYYY-MM-DD, a month YYYY-MM. */
export type WindowKind = 'daily' | 'monthly';

export interface BudgetWindow {
  readonly kind: WindowKind;
  /** `2026-11-27` or `2026-11`. */
  readonly key: string;
  /** When the window ends (epoch ms, UTC midnight). */
  readonly resetsAt: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

function compute(kind: WindowKind, now: number): BudgetWindow & { readonly startsAt: number } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (kind === 'daily') {
    return { kind, key: `${y}-${pad(m + 1)}-${pad(d.getUTCDate())}`, startsAt: Date.UTC(y, m, d.getUTCDate()), resetsAt: Date.UTC(y, m, d.getUTCDate() + 1) };
  }
  return { kind, key: `${y}-${pad(m + 1)}`, startsAt: Date.UTC(y, m, 1), resetsAt: Date.UTC(y, m + 1, 1) };
}

/** The last window of each kind: every call within it (each reserve asks for several) gets it without date arithmetic. */
const last: Partial<Record<WindowKind, ReturnType<typeof compute>>> = {};

export function windowFor(kind: WindowKind, now: number): BudgetWindow {
  const w = last[kind];
  if (w && now >= w.startsAt && now < w.resetsAt) return { kind, key: w.key, resetsAt: w.resetsAt };
  const fresh = (last[kind] = compute(kind, now));
  return { kind, key: fresh.key, resetsAt: fresh.resetsAt };
}

/** Keys outlive their window by a day (the article's 2-day and ~35-day TTLs, computed exactly). */
export const KEY_GRACE_MS = 24 * 60 * 60 * 1000;
