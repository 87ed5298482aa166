import { PRICE_TABLE, type PriceTable, type PricingTier, type TokenEncodingName } from '../../../config/pricing';

/** Integer micro-dollars per 1,000,000 tokens. */
export interface MicroPrice {
  readonly input: number;
  readonly cachedInput: number;
  readonly output: number;
}

export interface PricedModel {
  readonly model: string;
  readonly tier: PricingTier;
  readonly encoding: TokenEncodingName;
  readonly kind: 'chat' | 'embeddings';
  readonly price: MicroPrice;
}

export class UnknownModelError extends Error {
  constructor(model: string, tier: PricingTier, table: PriceTable) {
    const known = table[model] ? Object.keys(table[model].tiers).join(', ') : Object.keys(table).join(', ');
    super(
      table[model]
        ? `model "${model}" has no ${tier} price in config/pricing.ts (priced tiers: ${known})`
        : `model "${model}" is not in the price table (config/pricing.ts); known models: ${known}`,
    );
    this.name = 'UnknownModelError';
  }
}

const micro = (usd: number) => Math.round(usd * 1_000_000);

/** The model's price; an unknown model or tier is an error, never a default price. */
export function priceFor(model: string, tier: PricingTier, table: PriceTable = PRICE_TABLE): PricedModel {
  const entry = Object.prototype.hasOwnProperty.call(table, model) ? table[model] : undefined;
  const p = entry?.tiers[tier];
  if (!entry || !p) throw new UnknownModelError(model, tier, table);
  return {
    model,
    tier,
    encoding: entry.encoding,
    kind: entry.kind,
    price: { input: micro(p.input), cachedInput: micro(p.cachedInput ?? p.input), output: micro(p.output) },
  };
}

export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Prompt tokens served from the prompt cache (billed at the cached-input price). */
  readonly cachedPromptTokens?: number;
}

/** Cost in integer micro-dollars, rounded up: the governor never under-counts. */
export function costMicros(usage: TokenUsage, price: MicroPrice): number {
  const cached = Math.min(usage.cachedPromptTokens ?? 0, usage.promptTokens);
  const fresh = usage.promptTokens - cached;
  const numerator = fresh * price.input + cached * price.cachedInput + usage.completionTokens * price.output;
  return Math.ceil(numerator / 1_000_000);
}

export const microsToUsd = (m: number): number => m / 1_000_000;
export const usdToMicros = (usd: number): number => Math.round(usd * 1_000_000);
