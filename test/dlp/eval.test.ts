import { evaluate, loadCases, NOSEYPARKER_CASES_PATH } from './eval-cases';

/**
 * The labelled cases from Presidio's, gitleaks' and Nosey Parker's own test suites (test/fixtures/dlp).
 * A case counts as detected when a finding of its type exists (any rule, for secrets).
 */
describe('labelled evaluation cases', () => {
  const cases = loadCases();

  it('has the cases it expects', () => {
    expect(cases.length).toBeGreaterThanOrEqual(1291);
    expect(loadCases(NOSEYPARKER_CASES_PATH).length).toBeGreaterThanOrEqual(120);
  });

  it.each([
    ['pii', 0.95, 0.05],
    ['secret', 0.95, 0.1],
  ] as const)('%s: recall ≥ %s and false-positive rate ≤ %s', (kind, minRecall, maxFpr) => {
    const m = evaluate(cases.filter((c) => c.kind === kind));
    expect(m.positives).toBeGreaterThan(100);
    expect(m.negatives).toBeGreaterThan(100);
    expect(m.recall).toBeGreaterThanOrEqual(minRecall);
    expect(m.falsePositiveRate).toBeLessThanOrEqual(maxFpr);
  });
});
