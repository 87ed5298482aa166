import { Construct } from 'constructs';
import { Annotations, Aspects, AzurermBackend, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { deployabilityFindings, evaluationDate, firstOfMonth, getEnvironment, getRegionProfile, type LandingZoneConfig } from '../config';
import { resourceName, type NameParts } from '../constructs/naming';
import { RegionalLandingZone } from '../constructs/regional-landing-zone';
import { auditRetentionFor } from '../config/retention';
import { AUDIT_TRAIL, DEPLOYABILITY, GATEWAY_ONLY, PACK_IDS, PackAspect, RESIDENCY, RuleEngine, SECURITY_BASELINE, TAGGING, ruleById, type PackId, type Suppression } from '../policies';
import type { BackendResidencyContext } from '../policies/rules/aoai-res-002';
import { ApplyTags } from './tagging';

/** Remote state settings; without them the stack uses a local state file. */
export interface RemoteStateSettings {
  readonly storageAccountName: string;
  readonly containerName: string;
  readonly resourceGroupName?: string;
  readonly subscriptionId?: string;
  readonly tenantId?: string;
  /** Federated (OIDC) credentials, as in CI. */
  readonly useOidc?: boolean;
}

export interface LandingZoneStackProps {
  readonly config: LandingZoneConfig;
  readonly environment: string;
  readonly regionProfile: string;
  readonly remoteState?: RemoteStateSettings;
  /** The bundled gateway (npm run build:function); every landing zone ships it. */
  readonly functionPackagePath: string;
  /** The day date-dependent checks and defaults use (YYYY-MM-DD). @default evaluationDate(): LZ_TODAY or today (UTC) */
  readonly today?: string;
  /** The rule packs (policies/packs.ts) this stack is checked against. @default every pack */
  readonly packs?: readonly PackId[];
  /**
   * Accepted exceptions: a rule id, a construct path relative to the stack (`landing-zone/openai/account`)
   * and the reason. A suppressed finding no longer fails synth; it shows in the synth output and the report.
   */
  readonly suppressions?: readonly Suppression[];
}

/**
 * Resource providers the stacks' resources live in, registered by the provider (and nothing else:
 * resource_provider_registrations = "none"). Flex Consumption's VNet integration needs Microsoft.App
 * (the subnet is delegated to Microsoft.App/environments). The deployability policy fails synth for
 * a resource whose provider is missing here.
 */
export const RESOURCE_PROVIDERS = [
  'Microsoft.App',
  'Microsoft.Cache',
  'Microsoft.CognitiveServices',
  'Microsoft.Consumption',
  'Microsoft.Insights',
  'Microsoft.Network',
  'Microsoft.OperationalInsights',
  'Microsoft.Storage',
  'Microsoft.Web',
] as const;

export const MANDATORY_TAGS = ['environment', 'region-profile', 'compliance', 'owner', 'cost-center'] as const;

/** Reads remote-state settings from LZ_STATE_* variables; undefined when they are not set. */
export function remoteStateFromEnv(env: NodeJS.ProcessEnv = process.env): RemoteStateSettings | undefined {
  const storageAccountName = env.LZ_STATE_STORAGE_ACCOUNT?.trim();
  const containerName = env.LZ_STATE_CONTAINER?.trim();
  if (!storageAccountName && !containerName) return undefined;
  if (!storageAccountName || !containerName) {
    throw new Error('Remote state needs both LZ_STATE_STORAGE_ACCOUNT and LZ_STATE_CONTAINER (or neither, for local state)');
  }
  return {
    storageAccountName,
    containerName,
    resourceGroupName: env.LZ_STATE_RESOURCE_GROUP?.trim() || undefined,
    subscriptionId: env.ARM_SUBSCRIPTION_ID?.trim() || undefined,
    tenantId: env.ARM_TENANT_ID?.trim() || undefined,
    useOidc: env.ARM_USE_OIDC === 'true',
  };
}

/** One landing zone: one environment in one region profile. */
export class LandingZoneStack extends TerraformStack {
  readonly zone: RegionalLandingZone;
  readonly resourceGroup: ResourceGroup;
  readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: LandingZoneStackProps) {
    super(scope, id);
    const { config } = props;
    const profile = getRegionProfile(config, props.regionProfile);
    const environment = getEnvironment(config, props.environment);
    if (!environment.regionProfiles.includes(props.regionProfile)) {
      throw new Error(`Environment "${props.environment}" does not use region profile "${props.regionProfile}"`);
    }
    const naming: NameParts = { prefix: config.prefix, environment: props.environment, location: profile.location };

    if (props.remoteState) {
      new AzurermBackend(this, {
        ...props.remoteState,
        key: `${id}.tfstate`,
        useAzureadAuth: true,
      });
    } else {
      new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    }

    const today = props.today ?? evaluationDate();
    new AzurermProvider(this, 'azurerm', {
      features: [
        {
          // With public access off, azurerm 4.55 polls the blob data plane after creating a storage account
          // and reads queue and static-website properties on every refresh (storage_account_resource.go:1547,
          // :2327): a 403 and a failed plan from a runner without line of sight (hashicorp/terraform-provider-azurerm#25978).
          // Nothing here configures queue_properties or static_website, which this flag forbids (:1142).
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
      storageUseAzuread: true,
      // Register only the resource providers the landing zone uses, rather than the legacy set.
      resourceProviderRegistrations: 'none',
      resourceProvidersToRegister: [...RESOURCE_PROVIDERS],
    });
    // Date-dependent config warnings for this stack (no chat model in this profile); those a registry rule
    // reports from the construct tree (model retirement: AOAI-DEP-014) are printed by the rule engine.
    for (const f of deployabilityFindings(config, today)) {
      if (f.severity === 'warning' && !f.rule && f.environment === props.environment && (f.regionProfile === undefined || f.regionProfile === props.regionProfile)) {
        Annotations.of(this).addWarning(`${f.path}: ${f.message}`);
      }
    }

    this.tags = {
      environment: props.environment,
      'region-profile': props.regionProfile,
      compliance: profile.compliance.join(', '),
      owner: config.owner,
      'cost-center': config.costCenter,
      'managed-by': 'cdktf',
    };

    this.resourceGroup = new ResourceGroup(this, 'resource-group', {
      name: resourceName('resourceGroup', naming),
      location: profile.location,
    });

    this.zone = new RegionalLandingZone(this, 'landing-zone', {
      naming,
      resourceGroupName: this.resourceGroup.name,
      profile,
      profileName: props.regionProfile,
      resourceGroupId: this.resourceGroup.id,
      environment,
      addressSpace: environment.addressSpaces[props.regionProfile],
      gateway: {
        packagePath: props.functionPackagePath,
        resourceGroupId: this.resourceGroup.id,
        budgetStartDate: environment.budgets.startDate ?? firstOfMonth(today),
      },
    });

    // What callers, operators and auditors need after a deploy (README: "Stack outputs").
    const outputs: [string, string, string][] = [
      ['resource_group_name', this.resourceGroup.name, 'The landing zone resource group'],
      ['gateway_url', this.zone.gateway!.function.url, 'Base URL of the governance gateway: the endpoint applications call (private)'],
      ['gateway_function_name', this.zone.gateway!.function.app.name, 'Name of the gateway Function app (the post-deploy step publishes to it)'],
      ['gateway_function_app_id', this.zone.gateway!.function.app.id, 'Resource id of the gateway Function app'],
      ['gateway_package_path', this.zone.gateway!.function.package.path, 'The bundled gateway zip, relative to the stack directory (stacks/deploy-gateway.ts publishes it)'],
      ['gateway_principal_id', this.zone.gateway!.function.identity.principalId, "Object id of the gateway's system-assigned identity"],
      ['openai_endpoint', this.zone.openAi.endpoint, 'Endpoint of the Azure OpenAI account (private; callers go through the gateway)'],
      ['openai_account_id', this.zone.openAi.resourceId, 'Resource id of the Azure OpenAI account'],
      ['audit_workspace_id', this.zone.diagnostics.auditWorkspace.id, 'Log Analytics workspace of the audit trail (long retention)'],
      ['operations_workspace_id', this.zone.diagnostics.operationsWorkspace.id, 'Log Analytics workspace of request, trace and metric logs (shorter retention)'],
    ];
    for (const [name, value, description] of outputs) new TerraformOutput(this, name, { value, description });

    Aspects.of(this).add(new ApplyTags(this.tags));
    const enabled = new Set(props.packs ?? PACK_IDS);
    const enable = (id: PackId, add: () => void) => enabled.has(id) && add();
    // AOAI-RES-002 reads the profile's deployment SKUs too (Data Zone only where the profile allows it).
    const residency: BackendResidencyContext = { profileName: props.regionProfile, allowedLocations: profile.allowedLocations, allowedDeploymentSkus: profile.allowedDeploymentSkus };
    enable('residency', () => Aspects.of(this).add(new PackAspect(RESIDENCY, residency)));
    enable('security-baseline', () => Aspects.of(this).add(new PackAspect(SECURITY_BASELINE, undefined)));
    enable('tagging', () => Aspects.of(this).add(new PackAspect(TAGGING, { required: MANDATORY_TAGS })));
    enable('audit-trail', () => Aspects.of(this).add(new PackAspect(AUDIT_TRAIL, { profileName: props.regionProfile, required: auditRetentionFor(profile.compliance, profile.auditRetention) })));
    const { users, modelOwners, auditors } = environment.personas;
    // Named as the landing zone names their grant (constructs/regional-landing-zone.ts); AOAI-GW-003 warns about each.
    const breakGlass = [...users, ...modelOwners, ...auditors].filter((p) => p.breakGlass).map((p) => ({ principalId: p.principalId, displayName: `${p.displayName}-break-glass`, reason: p.breakGlass!.reason }));
    enable('gateway-only', () => Aspects.of(this).add(new PackAspect(GATEWAY_ONLY, { breakGlass })));
    enable('deployability', () => Aspects.of(this).add(new PackAspect(DEPLOYABILITY, { today, allowedLocations: profile.allowedLocations, resourceProviders: RESOURCE_PROVIDERS })));
    for (const s of props.suppressions ?? []) {
      if (!ruleById(s.ruleId)) throw new Error(`suppression names unknown rule "${s.ruleId}"`);
      RuleEngine.of(this).suppress({ ruleId: s.ruleId, path: `${this.node.path}/${s.path.replace(/^\/+/, '')}`, reason: s.reason });
    }
  }
}
