import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { ServicePlan } from '@cdktf/provider-azurerm/lib/service-plan';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { AppStorage } from './app-storage';
import { grantRole, ROLES } from './grants';
import { resourceName } from './naming';
import type { IPrivateLinkTarget, LocatedProps, PrincipalRef } from './types';

export interface GatewayFunctionProps extends LocatedProps {
  /** The bundled Function app (npm run build:function). */
  readonly packagePath: string;
  readonly storage: AppStorage;
  /** Delegated subnet for outbound VNet integration. */
  readonly integrationSubnetId: string;
  /** Log Analytics workspace for workspace-based Application Insights. */
  readonly logAnalyticsWorkspaceId: string;
  /** Settings from config (gatewayAppSettings). */
  readonly appSettings: Readonly<Record<string, string>>;
  /** @default '20' — Flex Consumption's Node.js 20 */
  readonly nodeVersion?: '20' | '22';
  /** @default 40 */
  readonly maximumInstanceCount?: number;
  /** @default 2048 */
  readonly instanceMemoryInMb?: 512 | 2048 | 4096;
  /** @default false — reachable only through its private endpoint */
  readonly publicNetworkAccessEnabled?: boolean;
}

/**
 * The governance gateway on Flex Consumption: system identity, VNet-integrated, private inbound,
 * HTTPS only with TLS 1.2, no basic publishing credentials, no remote debugging, identity-based
 * storage and Application Insights ingestion.
 */
export class GatewayFunction extends Construct implements IPrivateLinkTarget {
  readonly app: FunctionAppFlexConsumption;
  readonly plan: ServicePlan;
  readonly insights: ApplicationInsights;
  readonly package: TerraformAsset;
  readonly resourceId: string;
  readonly privateLinkSubresource = 'sites';
  readonly privateLinkLabel = 'func';
  /** The function app's managed identity, for grants. */
  readonly identity: PrincipalRef;

  constructor(scope: Construct, id: string, props: GatewayFunctionProps) {
    super(scope, id);
    const common = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.package = new TerraformAsset(this, 'package', { path: props.packagePath, type: AssetType.FILE });
    this.plan = new ServicePlan(this, 'plan', { ...common, name: resourceName('servicePlan', props.naming, 'gateway'), osType: 'Linux', skuName: 'FC1' });
    this.insights = new ApplicationInsights(this, 'insights', {
      ...common,
      name: resourceName('applicationInsights', props.naming, 'gateway'),
      applicationType: 'Node.JS',
      workspaceId: props.logAnalyticsWorkspaceId,
      // Entra ID ingestion only: the app's identity needs Monitoring Metrics Publisher.
      localAuthenticationDisabled: true,
    });
    this.app = new FunctionAppFlexConsumption(this, 'app', {
      ...common,
      name: resourceName('functionApp', props.naming, 'gateway'),
      servicePlanId: this.plan.id,
      runtimeName: 'node',
      runtimeVersion: props.nodeVersion ?? '20',
      maximumInstanceCount: props.maximumInstanceCount ?? 40,
      instanceMemoryInMb: props.instanceMemoryInMb ?? 2048,
      storageContainerType: 'blobContainer',
      storageContainerEndpoint: `${props.storage.account.primaryBlobEndpoint}${props.storage.deploymentContainer.name}`,
      storageAuthenticationType: 'SystemAssignedIdentity',
      identity: { type: 'SystemAssigned' },
      httpsOnly: true,
      publicNetworkAccessEnabled: props.publicNetworkAccessEnabled ?? false,
      webdeployPublishBasicAuthenticationEnabled: false,
      virtualNetworkSubnetId: props.integrationSubnetId,
      zipDeployFile: this.package.path,
      siteConfig: {
        minimumTlsVersion: '1.2',
        scmMinimumTlsVersion: '1.2',
        remoteDebuggingEnabled: false,
        http2Enabled: true,
        vnetRouteAllEnabled: true,
        ipRestrictionDefaultAction: 'Deny',
        scmIpRestrictionDefaultAction: 'Deny',
        applicationInsightsConnectionString: this.insights.connectionString,
      },
      appSettings: {
        ...props.appSettings,
        AzureWebJobsStorage__accountName: props.storage.account.name,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD',
      },
    });
    this.resourceId = this.app.id;
    this.identity = { principalId: this.app.identity.principalId, principalType: 'ServicePrincipal', displayName: 'gateway-identity' };
    // The identity publishes its own telemetry and uses its own storage, nothing wider.
    props.storage.grantFunctionsHost(this.identity);
    grantRole(this, this.insights.id, ROLES.monitoringMetricsPublisher, this.identity);
  }

  /** The gateway's URL inside the VNet (resolved through privatelink.azurewebsites.net). */
  get url(): string {
    return `https://${this.app.defaultHostname}`;
  }
}
