import fc from 'fast-check';
import { windowFor } from '../../function/src/cost/windows';

/** The window of a moment, from the ISO date alone. */
function expected(kind: 'daily' | 'monthly', t: number) {
  const iso = new Date(t).toISOString();
  const [y, m, d] = [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  return kind === 'daily' ? { kind, key: iso.slice(0, 10), resetsAt: Date.UTC(y, m - 1, d + 1) } : { kind, key: iso.slice(0, 7), resetsAt: Date.UTC(y, m, 1) };
}

describe('budget windows', () => {
  const NOV_30_END = Date.UTC(2026, 10, 30, 23, 59, 59, 999);

  it('moves to the next day and month at UTC midnight, and back for an earlier clock', () => {
    for (const t of [NOV_30_END, NOV_30_END + 1, NOV_30_END, NOV_30_END + 1 + 86_400_000, NOV_30_END - 86_400_000]) {
      expect(windowFor('daily', t)).toEqual(expected('daily', t));
      expect(windowFor('monthly', t)).toEqual(expected('monthly', t));
    }
    expect(windowFor('daily', NOV_30_END).key).toBe('2026-11-30');
    expect(windowFor('daily', NOV_30_END + 1).key).toBe('2026-12-01');
    expect(windowFor('monthly', NOV_30_END + 1).resetsAt).toBe(Date.UTC(2027, 0, 1));
  });

  it('is the window of the moment asked for, whatever came before', () => {
    const moment = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
    fc.assert(
      fc.property(fc.array(fc.tuple(moment, fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 })), { minLength: 1, maxLength: 20 }), (steps) => {
        for (const [t, delta] of steps) {
          for (const at of [t, t + delta]) {
            expect(windowFor('daily', at)).toEqual(expected('daily', at));
            expect(windowFor('monthly', at)).toEqual(expected('monthly', at));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
