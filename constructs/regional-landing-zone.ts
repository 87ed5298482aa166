import { Construct } from 'constructs';
import { auditRetentionFor } from '../config/retention';
import type { EnvironmentConfig, ModelDeployment, RegionProfile } from '../config/schema';
import { deploymentsFor } from '../config/deployability';
import { AppStorage } from './app-storage';
import { BudgetAlerts } from './budget-alerts';
import { CostStore } from './cost-store';
import { Diagnostics } from './diagnostics';
import { GatewayFunction } from './gateway-function';
import { gatewayAppSettings } from './gateway-settings';
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

    if (props.gateway) this.gateway = this.addGateway(located, props, props.gateway);

    // Data-plane access to the account is the gateway's alone (addGateway). Users call the gateway with its
    // app role (Gateway.Invoke, assigned in Entra ID: README "The gateway's app registration"); model owners
    // manage deployments only; auditors read. A principal with `breakGlass` (config) is the only exception.
    const { users, modelOwners, auditors } = props.environment.personas;
    modelOwners.forEach((p) => this.openAi.grantManage(p));
    auditors.forEach((p) => {
      this.openAi.grantRead(p);
      this.diagnostics.grantRead(p);
    });
    [...users, ...modelOwners, ...auditors]
      .filter((p) => p.breakGlass)
      .forEach((p) => this.openAi.grantUse({ ...p, displayName: `${p.displayName}-break-glass` }, { breakGlassReason: p.breakGlass!.reason }));
    // Every log-emitting resource of the zone, workspaces included (the audit-trail rule checks none is missed).
    this.diagnostics.addTargetsFor(this);
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
      appSettings: gatewayAppSettings({ environment: env, profile: props.profile, deployments: this.deployments, openAiEndpoint: this.openAi.endpoint, redisUrl: costStore.url }),
    });
    // The gateway's identity: OpenAI User on its region's account and data access to its Redis, nothing wider.
    this.openAi.grantUse(fn.identity);
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
