/**
 * The Azure OpenAI model catalog: which model versions exist, when Azure stops offering them to
 * new customers (deprecation) and when they stop working (retirement), and which regions offer
 * them per deployment type. Config validation (config/deployability.ts) refuses a deployment that
 * is not in this file, is retired or about to retire, or is not offered for its SKU in its region.
 *
 * Refresh it by editing this one file from Microsoft Learn:
 * - lifecycle dates: the model retirement schedule (lifecycle stage and retirement date per version),
 *   https://learn.microsoft.com/azure/foundry/openai/concepts/model-retirement-schedule, and for the
 *   older entries the former retirement table with its "no new customers" column,
 *   https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements
 * - regions: the per-geography availability matrices (one tab per deployment type),
 *   https://learn.microsoft.com/azure/foundry/openai/concepts/models#model-summary-table-and-region-availability
 * and update `read` on each entry you checked. Regions are listed only for the locations the
 * shipped region profiles can use; add the ones your profiles need. A model a matrix does not mark
 * for a region and deployment type is not offered there.
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

/**
 * The retirement schedule as published on Learn on 2026-09-02 (the newest revision found). It
 * replaced the table's "no new customers" column by a lifecycle stage: GA and Legacy versions take
 * new deployments, Deprecated ones only from subscriptions that already run them. The newest copy of
 * its include in MicrosoftDocs/azure-ai-docs that could be read here
 * (articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md@00bb5540c93f4bf3d1d78fe21e36c6dbc2930026,
 * ms.date 07/07/2026) gives earlier dates (gpt-5.2 2026-12-12, gpt-5.4 2027-03-05, gpt-5.4-mini and
 * -nano 2027-03-18, gpt-5.5 2027-04-23); the schedule of 2026-09-02 moved them later.
 */
const SCHEDULE: CatalogSource = {
  url: 'https://learn.microsoft.com/azure/foundry/openai/concepts/model-retirement-schedule',
  revision: 'articles/foundry/openai/concepts/model-retirement-schedule.md, ms.date 2026-09-02 (Learn page; source commit c0b1c98385a5309a7eafcdaee78a4964290ca8b7)',
  read: READ,
};
const EUROPE: CatalogSource = {
  url: 'https://learn.microsoft.com/azure/foundry/openai/concepts/models#model-summary-table-and-region-availability',
  revision: 'articles/foundry/openai/includes/model-matrix/region-europe.md@0e06499e86ac6711457773f0a862586ce99fee8b (ms.date 04/30/2026)',
  read: READ,
};
const AMERICAS: CatalogSource = {
  url: 'https://learn.microsoft.com/azure/foundry/openai/concepts/models#model-summary-table-and-region-availability',
  revision: 'articles/foundry/openai/includes/model-matrix/region-americas.md@1cfc4041a2f394314f7591173f964f8f06357938 (ms.date 04/30/2026)',
  read: READ,
};
const ASIA_PACIFIC: CatalogSource = {
  url: 'https://learn.microsoft.com/azure/foundry/openai/concepts/models#model-summary-table-and-region-availability',
  revision: 'articles/foundry/openai/includes/model-matrix/region-asia-pacific.md@3fe8b50d2182ef7b36effb515321cc4e9942e6a2 (ms.date 04/30/2026)',
  read: READ,
};
const current = { lifecycle: SCHEDULE, availability: [EUROPE, AMERICAS, ASIA_PACIFIC] };

/**
 * Entries up to gpt-5.1 keep the dates of the former retirement table, including its "no new customers"
 * day (all past): none of them is open to a subscription that never ran it.
 */
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
    // The schedule of 2026-09-02: GA, retires 2027-06-08 (the former table gave "no earlier than" dates,
    // later a deprecation on 2026-06-12 and retirement on 2026-12-12; the schedule supersedes both).
    model: 'gpt-5.2', version: '2025-12-11', kind: 'chat', retirement: { default: '2027-06-08' },
    regions: { DataZoneStandard: ['eastus', 'eastus2'] },
    sources: current,
  },
  {
    // Preview; retired on 2026-06-29 (replacement gpt-chat-latest, itself a preview). Listed so that a
    // deployment of it is refused by name. Global Standard only.
    model: 'gpt-5.3-chat', version: '2026-03-03', kind: 'chat', retirement: { default: '2026-06-29' }, replacement: 'gpt-chat-latest',
    regions: {},
    sources: current,
  },
  {
    // GA, retires 2027-09-02. Data Zone Standard in every EU data-zone region and every US one;
    // regional Provisioned Managed in australiaeast (not eastus, not westeurope).
    // swedencentral's Data Zone Standard row (the Europe profile's spill-over account) re-read on 2026-12-02 in
    // region-europe.md@0e06499e86ac6711457773f0a862586ce99fee8b: gpt-5.4 2026-03-05 is marked in every EU column.
    model: 'gpt-5.4', version: '2026-03-05', kind: 'chat', retirement: { default: '2027-09-02' },
    regions: {
      DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'],
      DataZoneProvisionedManaged: ['eastus', 'eastus2', 'swedencentral', 'westeurope'],
      ProvisionedManaged: ['australiaeast'],
    },
    sources: current,
  },
  {
    // GA, retires 2027-09-21. Data Zone Standard in the US data zone only (the EU data zone table has no row for it).
    model: 'gpt-5.4-mini', version: '2026-03-17', kind: 'chat', retirement: { default: '2027-09-21' },
    regions: { DataZoneStandard: ['eastus', 'eastus2'] },
    sources: current,
  },
  {
    model: 'gpt-5.4-nano', version: '2026-03-17', kind: 'chat', retirement: { default: '2027-09-21' },
    regions: { DataZoneStandard: ['eastus', 'eastus2'] },
    sources: current,
  },
  {
    // GA, retires 2027-10-26. Data Zone Standard only in eastus2 (and southcentralus) and swedencentral (and
    // polandcentral); in eastus only as Provisioned Managed and Data Zone Provisioned Managed.
    model: 'gpt-5.5', version: '2026-04-24', kind: 'chat', retirement: { default: '2027-10-26' },
    regions: { DataZoneStandard: ['eastus2', 'swedencentral'], ProvisionedManaged: ['eastus'], DataZoneProvisionedManaged: ['eastus'] },
    sources: current,
  },
  {
    // Embeddings: GA, retire 2028-02-09 (the former table: "will not retire before April 15, 2027").
    model: 'text-embedding-3-small', version: '1', kind: 'embeddings', retirement: { default: '2028-02-09' },
    regions: { Standard: ['australiaeast', 'eastus', 'eastus2'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources: current,
  },
  {
    model: 'text-embedding-3-large', version: '1', kind: 'embeddings', retirement: { default: '2028-02-09' },
    regions: { Standard: ['australiaeast', 'eastus', 'eastus2', 'swedencentral'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources: current,
  },
  {
    model: 'text-embedding-ada-002', version: '2', kind: 'embeddings', retirement: { default: '2028-02-09' },
    regions: { Standard: ['australiaeast', 'eastus', 'eastus2', 'swedencentral', 'westeurope'], DataZoneStandard: ['eastus', 'eastus2', 'swedencentral', 'westeurope'] },
    sources: current,
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
