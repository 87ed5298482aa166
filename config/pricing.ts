// zod/mini: the gateway's bundle includes this table, and the classic API's methods would bring all of zod.
import * as z from 'zod/mini';

/**
 * Azure OpenAI list prices, USD per 1,000,000 tokens, per model and deployment type.
 * Global, Data Zone and Regional (Standard) deployments are priced differently; Data Zone and
 * Regional carry Azure's ~10% premium over Global. Prices change: check them against your
 * agreement (enterprise discounts are not reflected) and update `asOf` when you do.
 */
export const PRICE_SOURCE = {
  source: 'Azure OpenAI Service pricing page (pay-as-you-go list prices, USD)',
  url: 'https://azure.microsoft.com/pricing/details/cognitive-services/openai-service/',
  asOf: '2025-06-01',
} as const;

/**
 * Where the prices of gpt-5.4, gpt-5.4-mini, gpt-5.4-nano and gpt-5.5 come from: OpenAI's API list price
 * (USD per 1M input / cached input / output tokens), not Azure's pricing page, which could not be read.
 * Third-party Azure price aggregations give the same Global figures; check them against Azure's page.
 */
export const NEW_MODEL_PRICE_SOURCE = {
  source: "OpenAI API pricing (list prices, USD); used as Azure's Global price pending a read of Azure's page",
  url: 'https://developers.openai.com/api/docs/pricing',
  asOf: '2026-12-02',
  models: ['gpt-5.4', 'gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-5.5'],
} as const;

export const PRICING_TIERS = ['global', 'data_zone', 'regional'] as const;
export type PricingTier = (typeof PRICING_TIERS)[number];

export const TOKEN_ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
export type TokenEncodingName = (typeof TOKEN_ENCODINGS)[number];

const usdPerMillion = z.number().check(z.nonnegative(), z.lte(1000));
const price = z.strictObject({ input: usdPerMillion, cachedInput: z.optional(usdPerMillion), output: usdPerMillion });

const modelPricing = z.strictObject({
  /** When this model's price was read, where it differs from PRICE_SOURCE.asOf. */
  asOf: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  encoding: z.enum(TOKEN_ENCODINGS),
  kind: z.enum(['chat', 'embeddings']),
  tiers: z.partialRecord(z.enum(PRICING_TIERS), price),
});

export const priceTableSchema = z.record(z.string().check(z.minLength(1)), modelPricing);
export type PriceTable = z.output<typeof priceTableSchema>;
export type ModelPricing = PriceTable[string];

const premium = (p: { input: number; cachedInput?: number; output: number }) => ({
  input: +(p.input * 1.1).toFixed(6),
  cachedInput: p.cachedInput === undefined ? undefined : +(p.cachedInput * 1.1).toFixed(6),
  output: +(p.output * 1.1).toFixed(6),
});
const tiered = (global: { input: number; cachedInput?: number; output: number }) => ({
  global,
  data_zone: premium(global),
  regional: premium(global),
});

export const PRICE_TABLE: PriceTable = priceTableSchema.parse({
  'gpt-4o': { encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 2.5, cachedInput: 1.25, output: 10 }) },
  'gpt-4o-mini': { encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 0.15, cachedInput: 0.075, output: 0.6 }) },
  'gpt-4.1': { encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 2, cachedInput: 0.5, output: 8 }) },
  'gpt-4.1-mini': { encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 0.4, cachedInput: 0.1, output: 1.6 }) },
  'gpt-4.1-nano': { encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 0.1, cachedInput: 0.025, output: 0.4 }) },
  'gpt-5-mini': { asOf: '2026-12-02', encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 0.25, cachedInput: 0.025, output: 2 }) },
  'gpt-5-nano': { asOf: '2026-12-02', encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 0.05, cachedInput: 0.005, output: 0.4 }) },
  'gpt-5.1': { asOf: '2026-12-02', encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 1.25, cachedInput: 0.125, output: 10 }) },
  'gpt-5.2': { asOf: '2026-12-02', encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 1.75, cachedInput: 0.175, output: 14 }) },
  // The GPT-5.4 family and gpt-5.5: OpenAI's list prices (NEW_MODEL_PRICE_SOURCE), taken as Azure's Global
  // price, with the Data Zone / Regional premium above. Azure's own pricing page was not read for these.
  'gpt-5.4': { asOf: '2026-12-02', encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 2.5, cachedInput: 0.25, output: 15 }) },
  'gpt-5.4-mini': { asOf: '2026-12-02', encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 0.75, cachedInput: 0.075, output: 4.5 }) },
  'gpt-5.4-nano': { asOf: '2026-12-02', encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 0.2, cachedInput: 0.02, output: 1.25 }) },
  'gpt-5.5': { asOf: '2026-12-02', encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 5, cachedInput: 0.5, output: 30 }) },
  'o3-mini': { encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 1.1, cachedInput: 0.55, output: 4.4 }) },
  'o4-mini': { encoding: 'o200k_base', kind: 'chat', tiers: tiered({ input: 1.1, cachedInput: 0.275, output: 4.4 }) },
  'gpt-35-turbo': { encoding: 'cl100k_base', kind: 'chat', tiers: { regional: { input: 0.5, output: 1.5 } } },
  'text-embedding-3-small': { encoding: 'cl100k_base', kind: 'embeddings', tiers: tiered({ input: 0.02, output: 0 }) },
  'text-embedding-3-large': { encoding: 'cl100k_base', kind: 'embeddings', tiers: tiered({ input: 0.13, output: 0 }) },
  'text-embedding-ada-002': { encoding: 'cl100k_base', kind: 'embeddings', tiers: tiered({ input: 0.1, output: 0 }) },
});

/** Deployment SKU (config) → pricing tier. Provisioned SKUs are billed per hour, not per token. */
export function pricingTierFor(sku: string): PricingTier {
  if (sku.startsWith('Global')) return sku === 'GlobalProvisionedManaged' ? unpriced(sku) : 'global';
  if (sku.startsWith('DataZone')) return sku === 'DataZoneProvisionedManaged' ? unpriced(sku) : 'data_zone';
  if (sku === 'Standard') return 'regional';
  return unpriced(sku);
}

function unpriced(sku: string): never {
  throw new Error(`deployment SKU "${sku}" has no per-token price (provisioned throughput is billed per hour)`);
}
