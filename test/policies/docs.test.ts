import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../policies';
import { renderRules, withRules } from '../../policies/docs';

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');

describe("the README's policy list", () => {
  it('is the one generated from the registry (run npm run docs:rules when this fails)', () => {
    expect(withRules(README)).toBe(README);
  });

  it('names every rule with its severity and framework controls', () => {
    const list = renderRules();
    for (const r of RULES) expect(list).toContain(`| ${r.id} | ${r.title.replace(/\|/g, '\\|')} | ${r.severity} |`);
    expect(list).toContain('HIPAA 164.312(a)(1)');
    expect(list).toContain('FedRAMP SC-7');
  });
});
