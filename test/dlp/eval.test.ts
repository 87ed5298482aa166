import { CASES_PATH, evaluate, loadCases, NOSEYPARKER_CASES_PATH } from './eval-cases';

/**
 * The labelled cases from Presidio's, gitleaks' and Nosey Parker's own test suites (test/fixtures/dlp).
 * A case counts as detected when a finding of its type exists (any rule, for secrets). The targets
 * hold over both files together (issue 12: secrets recall ≥ 97 %, false positives ≤ 8 %; PII as before).
 */
describe('labelled evaluation cases', () => {
  const gitleaksPresidio = loadCases(CASES_PATH);
  const noseyParker = loadCases(NOSEYPARKER_CASES_PATH);
  const cases = [...gitleaksPresidio, ...noseyParker];

  it('has the cases it expects', () => {
    expect(gitleaksPresidio.length).toBeGreaterThanOrEqual(1291);
    expect(noseyParker.length).toBeGreaterThanOrEqual(120);
  });

  it.each([
    ['pii', 0.995, 0],
    ['secret', 0.97, 0.08],
  ] as const)('%s over both files: recall ≥ %s and false-positive rate ≤ %s', (kind, minRecall, maxFpr) => {
    const m = evaluate(cases.filter((c) => c.kind === kind));
    expect(m.positives).toBeGreaterThan(200);
    expect(m.negatives).toBeGreaterThan(150);
    expect(m.recall).toBeGreaterThanOrEqual(minRecall);
    expect(m.falsePositiveRate).toBeLessThanOrEqual(maxFpr);
  });

  it('secrets in the Nosey Parker cases alone: recall ≥ 0.75 and false-positive rate ≤ 0.1', () => {
    const m = evaluate(noseyParker.filter((c) => c.kind === 'secret'));
    expect(m.recall).toBeGreaterThanOrEqual(0.75);
    expect(m.falsePositiveRate).toBeLessThanOrEqual(0.1);
  });
});
