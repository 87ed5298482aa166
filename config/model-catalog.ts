/**
 * The Azure OpenAI model catalog: which model versions exist, when Azure stops offering them to
 * new customers (deprecation) and when they stop working (retirement), and which regions offer
 * them per deployment type. Config validation (config/deployability.ts) refuses a deployment that
 * is not in this file, is retired or about to retire, or is not offered for its SKU in its region.
 *
 * Refresh it by editing this one file from Microsoft Learn:
 * - lifecycle dates: the model retirement table,
 *   https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements
 * - regions: the per-deployment-type availability matrices,
 *   https://learn.microsoft.com/azure/ai-foundry/openai/concepts/models#model-summary-table-and-region-availability
 * and update `read` on each entry you checked. Regions are listed only for the locations the
 * shipped region profiles can use; add the ones your profiles need.
 */
import type { DeploymentSku } from './schema';

/** A Learn page, the revision of its source that was read, and the day it was read. */
export interface CatalogSource {
  readonly url: string;
  /** The MicrosoftDocs/azure-ai-docs file and commit the table was read from. */
  readonly revision: string;
  readonly read: string;
}

export interface CatalogEntry {
  readonly model: string;
  readonly version: string;
  readonly kind: 'chat' | 'embeddings';
  /** "Deprecation date (no new customers)": from this day a subscription that never used the model may be refused. */
  readonly deprecation?: string;
  /** The day deployments stop working, per deployment type where Azure gives different dates; `default` for the rest. */
  readonly retirement?: Partial<Record<DeploymentSku | 'default', string>>;
  /** Azure gives only a "no earlier than" date: the model will not retire before it, and may retire any time after. */
  readonly retirementNotBefore?: string;
  readonly replacement?: string;
  /** Locations offering the model per deployment type (only the types and locations the shipped profiles use). */
  readonly regions: Partial<Record<DeploymentSku, readonly string[]>>;
  readonly sources: { readonly lifecycle: CatalogSource; readonly availability: readonly CatalogSource[] };
}

const READ = '2026-12-02';
const RETIREMENTS: CatalogSource = {
  url: 'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements',
  revision: 'articles/ai-foundry/openai/includes/retirement/models.md@31c50ba110d5cae14a227ad610b537c5accbeafe',
  read: READ,
};
const STANDARD: CatalogSource = {
  url: 'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/models#standard-deployment-model-availability',
  revision: 'articles/ai-foundry/openai/includes/model-matrix/standard-models.md@43dc14ea7c3081e819d52883eea5ff12878fc8f8',
  read: READ,
};
const DATA_ZONE: CatalogSource = {
  url: 'https://learn.microsoft.com/azure/ai-foundry/openai/concepts/models#data-zone-standard-model-availability',
  revision: 'articles/ai-foundry/openai/includes/model-matrix/datazone-standard.md@8f2b68ee82f40d551cd30f12a6b15ba40f16b319',
  read: READ,
};
const sources = { lifecycle: RETIREMENTS, availability: [STANDARD, DATA_ZONE] };

export const MODEL_CATALOG: readonly CatalogEntry[] = [
  {
    model: 'gpt-4o', version: '2024-11-20', kind: 'chat', deprecation: '2025-11-20', retirement: { default: '2026-10-01' }, replacement: 'gpt-5.1',
    regions: { Standard: ['australiaeast', 'eastus', 'eastus2', 'swedencentral'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources,
  },
  {
    // Standard (regional) retired on 2026-03-31; Provisioned, Global and Data Zone deployments on 2026-10-01.
    model: 'gpt-4o-mini', version: '2024-07-18', kind: 'chat', deprecation: '2025-07-18',
    retirement: { Standard: '2026-03-31', default: '2026-10-01' }, replacement: 'gpt-4.1-mini',
    regions: { Standard: ['eastus', 'eastus2', 'swedencentral'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources,
  },
  {
    model: 'gpt-4.1', version: '2025-04-14', kind: 'chat', deprecation: '2026-04-14', retirement: { default: '2026-10-14' }, replacement: 'gpt-5',
    regions: { Standard: ['eastus', 'eastus2', 'swedencentral'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources,
  },
  {
    model: 'gpt-4.1-mini', version: '2025-04-14', kind: 'chat', deprecation: '2026-04-14', retirement: { default: '2026-10-14' }, replacement: 'gpt-5-mini',
    regions: { Standard: ['australiaeast', 'eastus', 'eastus2', 'swedencentral', 'westeurope'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources,
  },
  {
    model: 'gpt-4.1-nano', version: '2025-04-14', kind: 'chat', deprecation: '2026-04-14', retirement: { default: '2026-10-14' }, replacement: 'gpt-5-nano',
    regions: { Standard: ['swedencentral'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources,
  },
  {
    model: 'o4-mini', version: '2025-04-16', kind: 'chat', deprecation: '2026-04-16', retirement: { default: '2026-10-16' },
    regions: { Standard: ['eastus', 'eastus2', 'swedencentral'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources,
  },
  {
    model: 'gpt-5-mini', version: '2025-08-07', kind: 'chat', deprecation: '2026-08-07', retirement: { default: '2027-02-06' },
    regions: { DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources,
  },
  {
    model: 'gpt-5-nano', version: '2025-08-07', kind: 'chat', deprecation: '2026-08-07', retirement: { default: '2027-02-06' },
    regions: { DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources,
  },
  {
    model: 'gpt-5.1', version: '2025-11-13', kind: 'chat', deprecation: '2026-11-13', retirement: { default: '2027-05-15' },
    regions: { DataZoneStandard: ['eastus', 'eastus2', 'swedencentral'] },
    sources,
  },
  {
    // Azure gives "no earlier than" dates only: deprecation no earlier than 2026-12-12, retirement no earlier than 2027-05-12.
    model: 'gpt-5.2', version: '2025-12-11', kind: 'chat', retirementNotBefore: '2027-05-12',
    regions: { DataZoneStandard: ['eastus2'] },
    sources,
  },
  {
    model: 'text-embedding-3-small', version: '1', kind: 'embeddings', retirementNotBefore: '2027-04-15',
    regions: { Standard: ['australiaeast', 'eastus', 'eastus2'], DataZoneStandard: ['eastus', 'eastus2'] },
    sources,
  },
  {
    model: 'text-embedding-3-large', version: '1', kind: 'embeddings', retirementNotBefore: '2027-04-15',
    regions: { Standard: ['australiaeast', 'eastus', 'eastus2', 'swedencentral'], DataZoneStandard: ['eastus', 'eastus2'] },
    sources,
  },
  {
    model: 'text-embedding-ada-002', version: '2', kind: 'embeddings', retirementNotBefore: '2027-04-15',
    regions: { Standard: ['australiaeast', 'eastus', 'eastus2', 'swedencentral', 'westeurope'], DataZoneStandard: ['eastus', 'eastus2'] },
    sources,
  },
];

/** The catalog entry of one model version, or undefined when the catalog does not know it. */
export function catalogEntry(model: string, version: string, catalog: readonly CatalogEntry[] = MODEL_CATALOG): CatalogEntry | undefined {
  return catalog.find((e) => e.model === model && e.version === version);
}

/** The retirement date that applies to `sku`, if Azure has fixed one. */
export function retirementFor(entry: CatalogEntry, sku: DeploymentSku): string | undefined {
  return entry.retirement?.[sku] ?? entry.retirement?.default;
}
