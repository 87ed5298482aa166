import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scan } from '../../function/src/dlp';

export interface EvalCase {
  kind: 'pii' | 'secret';
  type: string;
  rule?: string;
  text: string;
  expect: 0 | 1;
  source?: string;
}

/** The labelled cases shipped with the repository (test/fixtures/dlp, see its NOTICE). */
export const FIXTURES = join(__dirname, '../fixtures/dlp');
export const CASES_PATH = join(FIXTURES, 'cases.jsonl');
export const NOSEYPARKER_CASES_PATH = join(FIXTURES, 'noseyparker-cases.jsonl');

export function loadCases(path = CASES_PATH): EvalCase[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** A case is detected when a finding of its type exists (any rule, for secrets). */
export function detected(c: EvalCase): boolean {
  return scan(c.text, { profile: 'all' }).some((f) => f.type === c.type);
}

export interface Metrics { positives: number; negatives: number; truePositives: number; falsePositives: number; recall: number; falsePositiveRate: number; misses: EvalCase[]; falseAlarms: EvalCase[] }

export function evaluate(cases: EvalCase[]): Metrics {
  const misses: EvalCase[] = [];
  const falseAlarms: EvalCase[] = [];
  let positives = 0, negatives = 0;
  for (const c of cases) {
    const hit = detected(c);
    if (c.expect === 1) { positives++; if (!hit) misses.push(c); }
    else { negatives++; if (hit) falseAlarms.push(c); }
  }
  return {
    positives, negatives,
    truePositives: positives - misses.length,
    falsePositives: falseAlarms.length,
    recall: positives ? (positives - misses.length) / positives : 1,
    falsePositiveRate: negatives ? falseAlarms.length / negatives : 0,
    misses, falseAlarms,
  };
}
