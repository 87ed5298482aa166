import { Construct } from 'constructs';
import type { EnvironmentConfig, RegionProfile } from '../config/schema';
import { Diagnostics } from './diagnostics';
import { Network } from './network';
import { OpenAiAccount } from './openai-account';
import { PrivateLink } from './private-link';
import type { LocatedProps } from './types';

export interface RegionalLandingZoneProps extends Omit<LocatedProps, 'location'> {
  readonly profile: RegionProfile;
  readonly environment: EnvironmentConfig;
  /** The VNet's address space (from config: environments.<env>.addressSpaces.<profile>). */
  readonly addressSpace: string;
  /** Hub-and-spoke: existing `privatelink.openai.azure.com` zone ids owned by a central team. */
  readonly existingOpenAiZoneIds?: readonly string[];
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

  constructor(scope: Construct, id: string, props: RegionalLandingZoneProps) {
    super(scope, id);
    const located: LocatedProps = {
      naming: props.naming,
      resourceGroupName: props.resourceGroupName,
      location: props.profile.location,
      tags: props.tags,
    };

    this.network = new Network(this, 'network', { ...located, addressSpace: props.addressSpace });
    this.diagnostics = new Diagnostics(this, 'diagnostics', located);
    this.openAi = new OpenAiAccount(this, 'openai', { ...located, deployments: props.environment.deployments });
    this.openAiPrivateLink = new PrivateLink(this, 'openai-private-link', {
      ...located,
      target: this.openAi,
      subnetId: this.network.privateEndpointSubnet.id,
      virtualNetworkId: this.network.vnet.id,
      existingZoneIds: props.existingOpenAiZoneIds,
    });
    this.diagnostics.addTarget(this.openAi);

    const { users, modelOwners, auditors } = props.environment.personas;
    users.forEach((p) => this.openAi.grantUse(p));
    modelOwners.forEach((p) => this.openAi.grantManage(p));
    auditors.forEach((p) => {
      this.openAi.grantRead(p);
      this.diagnostics.grantRead(p);
    });
  }
}
