import * as o200k from 'gpt-tokenizer/encoding/o200k_base';
import { countChatTokens, countInputTokens } from '../../function/src/cost';
import { costMicros, priceFor } from '../../function/src/cost';
import { PRICE_SOURCE, PRICE_TABLE, pricingTierFor } from '../../config/pricing';

/** The worked example from OpenAI's cookbook ("How to count tokens with tiktoken"). */
const COOKBOOK = [
  { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  { role: 'system', name: 'example_user', content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
  { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
  { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

describe('token estimation', () => {
  it('matches the counts OpenAI publishes for its cookbook example', () => {
    expect(countChatTokens(COOKBOOK, 'o200k_base')).toBe(124); // gpt-4o, gpt-4o-mini
    expect(countChatTokens(COOKBOOK, 'cl100k_base')).toBe(129); // gpt-35-turbo, gpt-4
  });

  it('counts message text with the real tokenizer plus OpenAI’s per-message overhead', () => {
    const text = 'Ünïcödé, emoji 🎉 and code: const x = await f(1);';
    expect(countChatTokens([{ role: 'user', content: text }], 'o200k_base')).toBe(3 + 3 + o200k.countTokens('user') + o200k.countTokens(text));
    expect(countChatTokens([{ role: 'user', content: [{ type: 'text', text }] }], 'o200k_base')).toBe(3 + 3 + o200k.countTokens('user') + o200k.countTokens(text));
    expect(countInputTokens(['hello world', 'bye'], 'o200k_base')).toBe(o200k.countTokens('hello world') + o200k.countTokens('bye'));
  });
});

describe('pricing', () => {
  it('prices per model and deployment type, in integer micro-dollars, rounding up', () => {
    const global = priceFor('gpt-4o', 'global');
    const regional = priceFor('gpt-4o', 'regional');
    expect(global.price).toEqual({ input: 2_500_000, cachedInput: 1_250_000, output: 10_000_000 });
    expect(regional.price.output).toBe(11_000_000);
    expect(costMicros({ promptTokens: 1000, completionTokens: 500 }, global.price)).toBe(7500);
    expect(costMicros({ promptTokens: 1, completionTokens: 0 }, priceFor('gpt-4o-mini', 'global').price)).toBe(1); // 0.15 µ$ rounds up
    expect(costMicros({ promptTokens: 1000, completionTokens: 0, cachedPromptTokens: 1000 }, global.price)).toBe(1250);
  });

  it('maps deployment SKUs to pricing tiers and refuses provisioned ones', () => {
    expect(pricingTierFor('GlobalStandard')).toBe('global');
    expect(pricingTierFor('DataZoneStandard')).toBe('data_zone');
    expect(pricingTierFor('Standard')).toBe('regional');
    expect(() => pricingTierFor('ProvisionedManaged')).toThrow(/billed per hour/);
  });

  it('names the source and date of its prices', () => {
    expect(PRICE_SOURCE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_SOURCE.url).toMatch(/^https:\/\/azure\.microsoft\.com\//);
  });

  it('prices every model the landing zones deploy', () => {
    for (const model of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o3-mini', 'gpt-35-turbo', 'text-embedding-3-small']) {
      expect(PRICE_TABLE[model]).toBeDefined();
    }
  });
});
