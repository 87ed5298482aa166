/**
 * The project's landing zones: edit this file to describe your estate.
 *
 * Principal ids below are placeholders in the documentation range of GUIDs;
 * replace them with the object ids of your Entra groups before deploying.
 * Everything here is validated by `loadConfig` (config/index.ts).
 */
/** Placeholder tenant id: replace with your Entra tenant. */
const TENANT_ID = '00000000-0000-4000-8000-0000000000aa';

/**
 * Models, checked against config/model-catalog.ts: a deployment must be open to new customers, not
 * retiring within 90 days and offered for its SKU in its profile's region. Where the catalog offers
 * no chat model for a profile, that profile ships embeddings only and synth says why.
 */
const chat = [
  // gpt-5.4 (GA, retires 2027-09-02) as Data Zone Standard: offered in westeurope (EU data zone) and eastus
  // (US data zone). Australia has no data zone, and australiaeast's Standard offers no current chat model
  // (gpt-5.4 there is Provisioned Managed only, billed per PTU-hour): that profile ships without one.
  // In Europe, the swedencentral account (also offered gpt-5.4 as Data Zone Standard) takes the calls
  // westeurope throttles or cannot serve: spill-over that stays in the EU data zone.
  {
    name: 'gpt-5.4', model: 'gpt-5.4', version: '2026-03-05', sku: 'DataZoneStandard', regionProfiles: ['europe', 'us_healthcare'],
    backends: [{ location: 'swedencentral', priority: 2 }],
  },
] as const;

const embeddings = [
  // westeurope offers no text-embedding-3 model as Standard; ada-002 v2 it does.
  { name: 'text-embedding-ada-002', model: 'text-embedding-ada-002', version: '2', sku: 'Standard', regionProfiles: ['europe'] },
  { name: 'text-embedding-3-small', model: 'text-embedding-3-small', version: '1', sku: 'Standard', regionProfiles: ['us_healthcare', 'australia'] },
] as const;

const COMMON_SKUS = ['Standard', 'DataZoneStandard', 'ProvisionedManaged', 'DataZoneProvisionedManaged'] as const;

const personas = (env: number) => ({
  users: [{ displayName: `aoai-users-${env}`, principalId: `00000000-0000-4000-8000-00000000${env}001`, principalType: 'Group' }],
  modelOwners: [{ displayName: `aoai-model-owners-${env}`, principalId: `00000000-0000-4000-8000-00000000${env}002`, principalType: 'Group' }],
  auditors: [{ displayName: `aoai-auditors-${env}`, principalId: `00000000-0000-4000-8000-00000000${env}003`, principalType: 'Group' }],
});

export const landingZones = {
  prefix: 'aoai',
  owner: 'platform-engineering',
  costCenter: 'CC-4200',
  regionProfiles: {
    europe: {
      displayName: 'Europe',
      location: 'westeurope',
      allowedLocations: ['westeurope', 'northeurope', 'swedencentral'],
      compliance: ['GDPR', 'ISO 27001'],
      // A second account for failover and spill-over, inside the profile's boundary (README "Failover within the residency boundary").
      secondaryAccounts: [{ location: 'swedencentral' }],
      dlpProfile: 'europe',
      dlpAction: 'redact',
      allowedDeploymentSkus: [...COMMON_SKUS],
    },
    us_healthcare: {
      displayName: 'US healthcare',
      location: 'eastus',
      allowedLocations: ['eastus', 'eastus2'],
      compliance: ['HIPAA', 'SOC 2', 'FedRAMP'],
      dlpProfile: 'us_healthcare',
      allowedDeploymentSkus: [...COMMON_SKUS],
    },
    australia: {
      displayName: 'Australia',
      location: 'australiaeast',
      allowedLocations: ['australiaeast', 'australiasoutheast'],
      compliance: ['IRAP', 'ISO 27001'],
      // ISM-1989 defers to the agency's records schedule (config/retention.ts): confirm the class with your records manager.
      auditRetention: { totalDays: 2556, source: 'agency records schedule under NAA AFDA Express V2: 7 years for system audit logs' },
      dlpProfile: 'australia',
      // No Azure data zone covers Australia: regional SKUs only.
      allowedDeploymentSkus: ['Standard', 'ProvisionedManaged'],
    },
  },
  environments: {
    dev: {
      regionProfiles: ['europe', 'us_healthcare', 'australia'],
      addressSpaces: { europe: '10.40.0.0/22', us_healthcare: '10.41.0.0/22', australia: '10.42.0.0/22' },
      deployments: [...chat.map((c) => ({ ...c, capacity: 10 })), ...embeddings.map((e) => ({ ...e, capacity: 10 }))],
      personas: personas(1),
      budgets: { dailyUsd: 25, monthlyUsd: 500, maxTokensPerRequest: 4000, callerDailyUsd: 5, alertEmails: ['ai-platform-dev@contoso.example'] },
      gateway: { tenantId: TENANT_ID, audience: 'api://aoai-gateway-dev', requiredRole: 'Gateway.Invoke', maximumInstanceCount: 40, redisSku: 'Balanced_B0' },
    },
    prod: {
      regionProfiles: ['europe', 'us_healthcare', 'australia'],
      addressSpaces: { europe: '10.50.0.0/22', us_healthcare: '10.51.0.0/22', australia: '10.52.0.0/22' },
      deployments: [...chat.map((c) => ({ ...c, capacity: 50 })), ...embeddings.map((e) => ({ ...e, capacity: 50 }))],
      personas: personas(2),
      budgets: { dailyUsd: 100, monthlyUsd: 2000, maxTokensPerRequest: 4000, callerDailyUsd: 20, alertEmails: ['ai-platform@contoso.example', 'finops@contoso.example'] },
      gateway: { tenantId: TENANT_ID, audience: 'api://aoai-gateway', requiredRole: 'Gateway.Invoke', maximumInstanceCount: 40, redisSku: 'Balanced_B1' },
    },
  },
};
