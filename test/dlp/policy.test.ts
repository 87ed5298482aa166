import { DlpPolicy, redact, scan, summarize } from '../../function/src/dlp';

const CARD = '4111 1111 1111 1111';
const KEY = 'ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl';

describe('redaction', () => {
  it('replaces each finding and keeps every other byte', () => {
    const text = `Name: Jane\r\nCard: ${CARD}\tmail: jane@example.com — ünïcode ✓`;
    const out = redact(text, scan(text));
    expect(out).toBe('Name: Jane\r\nCard: [REDACTED:CREDIT_CARD]\tmail: [REDACTED:EMAIL_ADDRESS] — ünïcode ✓');
  });

  it('keeps the last four digits of a card when configured', () => {
    expect(redact(`pay ${CARD}`, scan(`pay ${CARD}`), { keepCardLastFour: true })).toBe('pay [REDACTED:CREDIT_CARD:****1111]');
  });

  it('merges overlapping findings into one redaction, labelled by the strongest', () => {
    const text = 'xx 0123456789 yy';
    const merged = redact(text, [
      { type: 'US_NPI', rule: 'a', start: 3, end: 13, score: 0.4 },
      { type: 'UK_NHS', rule: 'b', start: 5, end: 13, score: 0.6 },
    ]);
    expect(merged).toBe('xx [REDACTED:UK_NHS] yy');
  });

  it('findings carry positions and types only, never the matched text', () => {
    const findings = scan(`key ${KEY} card ${CARD}`);
    expect(findings.length).toBe(2);
    for (const f of findings) expect(Object.keys(f).sort()).toEqual(['end', 'rule', 'score', 'start', 'type']);
    const serialized = JSON.stringify({ findings, summary: summarize(findings) });
    expect(serialized).not.toContain(KEY);
    expect(serialized).not.toContain('1111');
  });
});

describe('DlpPolicy', () => {
  it('blocks when any actionable finding blocks, naming types and counts only', () => {
    const policy = new DlpPolicy({ profile: 'all', defaultAction: 'block' });
    const verdict = policy.evaluate(`cards ${CARD} and 5500 0000 0000 0004`);
    expect(verdict.action).toBe('block');
    expect(verdict.summary).toEqual({ CREDIT_CARD: 2 });
    expect(verdict.text).toBeUndefined();
  });

  it('redacts when the policy says so, and still blocks secrets by default', () => {
    const policy = new DlpPolicy({ profile: 'all', defaultAction: 'redact' });
    const redacted = policy.evaluate(`email jane@example.com please`);
    expect(redacted).toMatchObject({ action: 'redact', text: 'email [REDACTED:EMAIL_ADDRESS] please', summary: { EMAIL_ADDRESS: 1 } });
    expect(policy.evaluate(`use ${KEY}`)).toMatchObject({ action: 'block', summary: { 'SECRET:github-pat': 1 } });
  });

  it('honours per-type actions', () => {
    const policy = new DlpPolicy({ profile: 'all', defaultAction: 'block', actions: { EMAIL_ADDRESS: 'allow', CREDIT_CARD: 'redact' } });
    expect(policy.evaluate('jane@example.com').action).toBe('allow');
    expect(policy.evaluate(`jane@example.com ${CARD}`)).toMatchObject({ action: 'redact', text: 'jane@example.com [REDACTED:CREDIT_CARD]' });
  });

  it('does not act on a bare 9-digit number without context or checksum', () => {
    const policy = new DlpPolicy({ profile: 'us_healthcare', defaultAction: 'block' });
    const bare = policy.evaluate('ticket 536221234 was closed');
    expect(bare.findings.map((f) => f.type)).toContain('US_SSN');
    expect(bare.action).toBe('allow');
    expect(policy.evaluate('my SSN is 536221234').action).toBe('block');
  });

  it('refuses input over the size cap with a clear error', () => {
    const policy = new DlpPolicy({ profile: 'all', defaultAction: 'block', maxInputLength: 1000 });
    expect(() => policy.evaluate('a'.repeat(1001))).toThrow('input of 1001 characters exceeds the DLP scan limit of 1000');
  });
});
