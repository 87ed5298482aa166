import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import { ServicePlan } from '@cdktf/provider-azurerm/lib/service-plan';
import { ApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';
import { FunctionAppFlexConsumption } from '@cdktf/provider-azurerm/lib/function-app-flex-consumption';
import type { AppStorage } from './app-storage';
import { GATEWAY_NODE_VERSION } from '../config/runtime';
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
  /**
   * @default '22' — Node.js 20 reached end of support on Azure Functions on 2026-04-30
   * (https://learn.microsoft.com/azure/azure-functions/functions-versions#languages); the bundle targets the same version.
   */
  readonly nodeVersion?: '22';
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
 *
 * Code is not deployed by Terraform: azurerm 4.55's `zip_deploy_file` posts to `/api/zipdeploy`
 * (appservice/helpers/publish_app.go:116), which Flex Consumption does not support
 * (hashicorp/terraform-provider-azurerm#29630; https://learn.microsoft.com/azure/azure-functions/deployment-zip-push).
 * The zip built by synth is this construct's asset (`package`), and stacks/deploy-gateway.ts publishes it with
 * OneDeploy after `cdktf deploy`, from the runner inside the hub VNet.
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
      runtimeVersion: props.nodeVersion ?? GATEWAY_NODE_VERSION,
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
        // Host storage through the managed identity. azurerm 4.55 also writes `AzureWebJobsStorage` as a
        // connection string with an empty AccountKey (function_app_flex_consumption_resource.go:448 and :874,
        // helpers/function_app_schema.go:2077) and the host prefers a non-empty connection string over these
        // settings (hashicorp/terraform-provider-azurerm#29693). Overriding it here wins on create
        // (MergeUserAppSettings, function_app_schema.go:2672) but the read path moves it into
        // storage_access_key (function_app_flex_consumption_resource.go:1081), a diff on every plan; so the
        // post-deploy step deletes it instead (stacks/deploy-gateway.ts), and state stays without it.
        AzureWebJobsStorage__accountName: props.storage.account.name,
        AzureWebJobsStorage__credential: 'managedidentity',
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
