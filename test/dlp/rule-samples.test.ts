import { Scanner } from '../../function/src/dlp';
import { DESCRIBED_RULES } from '../../function/src/dlp/detectors-secrets';

/**
 * Generated from each rule's own samples (gitleaks' Validate(rule, tps, fps)): every positive is
 * found by that rule, every negative is not. The whole engine runs (normalization included), and
 * only the findings of the rule under test count.
 */
const scanner = new Scanner({ profile: 'all' });
const ruleFindings = (rule: string, text: string) => scanner.scan(text).filter((f) => f.rule === rule);

describe.each(DESCRIBED_RULES.map((r) => [r.rule, r] as const))('rule %s', (rule, r) => {
  it('has a description and samples of both kinds', () => {
    expect(r.description.length).toBeGreaterThan(20);
    expect(r.positives.length).toBeGreaterThan(0);
    expect(r.negatives.length).toBeGreaterThan(0);
  });
  it.each(r.positives.map((s) => [s]))('finds %j', (sample) => {
    expect(ruleFindings(rule, sample).length).toBeGreaterThan(0);
  });
  it.each(r.negatives.map((s) => [s]))('ignores %j', (sample) => {
    expect(ruleFindings(rule, sample)).toEqual([]);
  });
});
