import { Construct } from 'constructs';
import { auditRetentionFor } from '../config/retention';
import type { EnvironmentConfig, ModelDeployment, RegionProfile } from '../config/schema';
import { deploymentsFor } from '../config/deployability';
import { accountsFor, backendsFor } from '../config/backends';
import { regionShortName } from '../config/regions';
import { AppStorage } from './app-storage';
import { BudgetAlerts } from './budget-alerts';
import { CostStore } from './cost-store';
import { Diagnostics } from './diagnostics';
import { GatewayFunction } from './gateway-function';
import { gatewayAppSettings, type GatewayBackend } from './gateway-settings';
import { Network } from './network';
import { OpenAiAccount } from './openai-account';
import { PrivateLink } from './private-link';
import type { LocatedProps } from './types';

export interface RegionalLandingZoneProps extends Omit<LocatedProps, 'location'> {
  readonly profile: RegionProfile;
  /** The region profile's name in config (a deployment may be limited to some profiles). */
  readonly profileName: string;
  readonly environment: EnvironmentConfig;
  /** The VNet's address space (from config: environments.<env>.addressSpaces.<profile>). */
  readonly addressSpace: string;
  /** The landing zone's resource group id: scope of the model owners' custom role. */
  readonly resourceGroupId?: string;
  /** Hub-and-spoke: existing `privatelink.openai.azure.com` zone ids owned by a central team. */
  readonly existingOpenAiZoneIds?: readonly string[];
  /** The governance gateway; omitted, the zone has the account and its controls only. */
  readonly gateway?: {
    /** The bundled Function app zip (npm run build:function). */
    readonly packagePath: string;
    /** Resource group id, for the consumption budget. */
    readonly resourceGroupId: string;
    /** First day of the consumption budget (YYYY-MM-01); only used when the budget is created. */
    readonly budgetStartDate: string;
  };
}

/** A further account of the zone (failover, spill-over) in another of the profile's allowed locations. */
export interface SecondaryAccount {
  readonly location: string;
  readonly account: OpenAiAccount;
  readonly privateLink: PrivateLink;
}

/** The gateway and what it runs on, present when the zone ships the gateway. */
export interface GatewayParts {
  readonly storage: AppStorage;
  readonly costStore: CostStore;
  readonly function: GatewayFunction;
  readonly alerts: BudgetAlerts;
  readonly privateLinks: Record<'blob' | 'queue' | 'table' | 'redis' | 'function', PrivateLink>;
}

/**
 * One region profile's landing zone: network, the private keyless OpenAI account with its
 * deployments, its private endpoint, diagnostics into the region's workspaces, and persona grants.
 */
export class RegionalLandingZone extends Construct {
  readonly network: Network;
  readonly openAi: OpenAiAccount;
  readonly openAiPrivateLink: PrivateLink;
  /** The profile's secondary accounts (config: regionProfiles.<name>.secondaryAccounts). */
  readonly secondaryAccounts: readonly SecondaryAccount[];
  readonly diagnostics: Diagnostics;
  readonly gateway?: GatewayParts;
  /** The model deployments of this zone's account. */
  readonly deployments: readonly ModelDeployment[];

  constructor(scope: Construct, id: string, props: RegionalLandingZoneProps) {
    super(scope, id);
    const located: LocatedProps = {
      naming: props.naming,
      resourceGroupName: props.resourceGroupName,
      location: props.profile.location,
      tags: props.tags,
    };

    this.deployments = deploymentsFor(props.environment, props.profileName);
    this.network = new Network(this, 'network', { ...located, addressSpace: props.addressSpace, egress: props.profile.egress });
    this.diagnostics = new Diagnostics(this, 'diagnostics', { ...located, auditRetention: auditRetentionFor(props.profile.compliance, props.profile.auditRetention) });
    this.openAi = new OpenAiAccount(this, 'openai', { ...located, deployments: this.deployments, resourceGroupId: props.resourceGroupId });
    this.openAiPrivateLink = new PrivateLink(this, 'openai-private-link', {
      ...located,
      target: this.openAi,
      subnetId: this.network.privateEndpointSubnet.id,
      virtualNetworkId: this.network.vnet.id,
      existingZoneIds: props.existingOpenAiZoneIds,
    });
    this.diagnostics.addTarget(this.openAi);

    // Secondary accounts: the same construct and the same controls as the primary, in their own region; reached
    // through a private endpoint in this zone's VNet (cross-region private endpoints are supported), registered
    // in the primary's privatelink.openai.azure.com zone (one zone per name per VNet), logging into this zone's workspaces.
    this.secondaryAccounts = accountsFor(props.environment, props.profileName, props.profile)
      .filter((a) => !a.primary)
      .map((a) => {
        const label = `openai-${regionShortName(a.location)}`;
        const account = new OpenAiAccount(this, label, {
          ...located,
          naming: { ...props.naming, location: a.location },
          location: a.location,
          label,
          deployments: a.deployments,
          resourceGroupId: props.resourceGroupId,
          deploymentManagerFrom: this.openAi,
        });
        const privateLink = new PrivateLink(this, `${label}-private-link`, {
          ...located,
          target: account,
          subnetId: this.network.privateEndpointSubnet.id,
          virtualNetworkId: this.network.vnet.id,
          existingZoneIds: props.existingOpenAiZoneIds?.length ? props.existingOpenAiZoneIds : this.openAiPrivateLink.zoneIds,
        });
        this.diagnostics.addTarget(account);
        return { location: a.location, account, privateLink };
      });

    if (props.gateway) this.gateway = this.addGateway(located, props, props.gateway);

    // Data-plane access to the account is the gateway's alone (addGateway). Users call the gateway with its
    // app role (Gateway.Invoke, assigned in Entra ID: README "The gateway's app registration"); model owners
    // manage deployments only; auditors read. A principal with `breakGlass` (config) is the only exception.
    const { users, modelOwners, auditors } = props.environment.personas;
    for (const account of this.accounts) {
      modelOwners.forEach((p) => account.grantManage(p));
      auditors.forEach((p) => account.grantRead(p));
      [...users, ...modelOwners, ...auditors]
        .filter((p) => p.breakGlass)
        .forEach((p) => account.grantUse({ ...p, displayName: `${p.displayName}-break-glass` }, { breakGlassReason: p.breakGlass!.reason }));
    }
    auditors.forEach((p) => this.diagnostics.grantRead(p));
    // Every log-emitting resource of the zone, workspaces included (the audit-trail rule checks none is missed).
    this.diagnostics.addTargetsFor(this);
  }

  /** Every OpenAI account of the zone, primary first. */
  get accounts(): OpenAiAccount[] {
    return [this.openAi, ...this.secondaryAccounts.map((s) => s.account)];
  }

  /** Each deployment's backends as the gateway's settings carry them: account, endpoint, region, SKU, priority, weight. */
  private gatewayBackends(props: RegionalLandingZoneProps): Record<string, GatewayBackend[]> {
    const byLocation = new Map(this.accounts.map((a) => [a.location, a]));
    const out: Record<string, GatewayBackend[]> = {};
    for (const [deployment, list] of Object.entries(backendsFor(props.environment, props.profileName, props.profile))) {
      out[deployment] = list.map((b) => {
        const account = byLocation.get(b.location)!;
        return { account: account.name, endpoint: account.endpoint, region: b.location, sku: b.sku, priority: b.priority, weight: b.weight };
      });
    }
    return out;
  }

  private addGateway(located: LocatedProps, props: RegionalLandingZoneProps, gateway: NonNullable<RegionalLandingZoneProps['gateway']>): GatewayParts {
    const env = props.environment;
    const link = (lid: string, target: import('./types').IPrivateLinkTarget) =>
      new PrivateLink(this, lid, { ...located, target, subnetId: this.network.privateEndpointSubnet.id, virtualNetworkId: this.network.vnet.id });
    const storage = new AppStorage(this, 'gateway-storage', located);
    const costStore = new CostStore(this, 'cost-store', { ...located, skuName: env.gateway.redisSku });
    const fn = new GatewayFunction(this, 'gateway', {
      ...located,
      packagePath: gateway.packagePath,
      storage,
      integrationSubnetId: this.network.integrationSubnet.id,
      logAnalyticsWorkspaceId: this.diagnostics.operationsWorkspace.id,
      maximumInstanceCount: env.gateway.maximumInstanceCount,
      appSettings: gatewayAppSettings({
        environment: env,
        profile: props.profile,
        deployments: this.deployments,
        openAiEndpoint: this.openAi.endpoint,
        backends: this.gatewayBackends(props),
        redisUrl: costStore.url,
      }),
    });
    // The gateway's identity: OpenAI User on each account of the zone and data access to its Redis, nothing
    // wider. It stays the only data-plane principal on every account (policy AOAI-GW-001).
    for (const account of this.accounts) account.grantUse(fn.identity);
    costStore.grantDataAccess(fn.identity);
    const privateLinks = {
      blob: link('storage-blob-private-link', storage.blob),
      queue: link('storage-queue-private-link', storage.queue),
      table: link('storage-table-private-link', storage.table),
      redis: link('redis-private-link', costStore),
      // Callers reach the gateway in a subnet of its own; the services above only from the gateway.
      function: new PrivateLink(this, 'gateway-private-link', { ...located, target: fn, subnetId: this.network.gatewayEndpointSubnet.id, virtualNetworkId: this.network.vnet.id }),
    };
    const alerts = new BudgetAlerts(this, 'budget-alerts', {
      ...located,
      resourceGroupId: gateway.resourceGroupId,
      monthlyAmount: env.budgets.monthlyUsd,
      startDate: gateway.budgetStartDate,
      allowedLocations: props.profile.allowedLocations,
      emails: env.budgets.alertEmails,
      workspaceId: this.diagnostics.operationsWorkspace.id,
    });
    return { storage, costStore, function: fn, alerts, privateLinks };
  }
}
