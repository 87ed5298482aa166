import { Aspects, Testing, TerraformStack } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { GatewayOnlyPolicy } from '../../policies';
import { BUILT_IN_ROLES, bypassesOf } from '../../policies/gateway-only';
import { OpenAiAccount } from '../../constructs/openai-account';
import { Network } from '../../constructs/network';
import { PrivateLink } from '../../constructs/private-link';
import { located } from '../helpers/synth';

const BREAK_GLASS = 'bbbbbbbb-0000-4000-8000-000000000001';

/** A zone fixture: account, network, a stand-in gateway app in the integration subnet, endpoints in their subnets. */
function synthError(build: (s: TerraformStack, parts: { account: OpenAiAccount; network: Network; rg: ResourceGroup }) => void): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'fixture');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const rg = new ResourceGroup(stack, 'rg', { name: 'rg', location: 'westeurope' });
  const account = new OpenAiAccount(stack, 'openai', { ...located, deployments: [], resourceGroupId: rg.id });
  const network = new Network(stack, 'network', { ...located, addressSpace: '10.20.0.0/24' });
  // The gateway: a Flex app joined to the integration subnet (its identity is the one allowed data-plane holder).
  const { FunctionAppFlexConsumption } = require('@cdktf/provider-azurerm/lib/function-app-flex-consumption');
  const fn = new FunctionAppFlexConsumption(stack, 'gateway', {
    ...located, name: 'f', servicePlanId: 'p', runtimeName: 'node', runtimeVersion: '22', storageContainerType: 'blobContainer',
    storageContainerEndpoint: 'https://st.blob.core.windows.net/c', storageAuthenticationType: 'SystemAssignedIdentity', identity: { type: 'SystemAssigned' },
    virtualNetworkSubnetId: network.integrationSubnet.id,
  });
  new PrivateLink(stack, 'openai-pl', { ...located, target: account, subnetId: network.privateEndpointSubnet.id, virtualNetworkId: network.vnet.id });
  new PrivateLink(stack, 'gateway-pl', { ...located, target: { resourceId: fn.id, privateLinkSubresource: 'sites', privateLinkLabel: 'func' }, subnetId: network.gatewayEndpointSubnet.id, virtualNetworkId: network.vnet.id });
  account.grantUse({ principalId: fn.identity.principalId, principalType: 'ServicePrincipal', displayName: 'gateway' });
  build(stack, { account, network, rg });
  Aspects.of(stack).add(new GatewayOnlyPolicy({ breakGlass: [{ principalId: BREAK_GLASS, displayName: 'oncall', reason: 'incident response when the gateway is down' }] }));
  try {
    Testing.synth(stack, true);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

const assign = (s: TerraformStack, id: string, props: Partial<ConstructorParameters<typeof RoleAssignment>[2]>) =>
  new RoleAssignment(s, id, { principalId: 'aaaaaaaa-0000-4000-8000-000000000009', scope: '/subscriptions/s/resourceGroups/rg', roleDefinitionName: 'Reader', ...props });

describe('gateway-only rules', () => {
  it('accept the shipped shape: gateway with OpenAI User, owners with the deployment role, auditors reading', () => {
    expect(
      synthError((_s, { account }) => {
        account.grantManage({ principalId: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'owners' });
        account.grantRead({ principalId: 'aaaaaaaa-0000-4000-8000-000000000003', displayName: 'auditors' });
      }),
    ).toBe('');
  });

  it.each([
    ['Cognitive Services OpenAI User', 'account', /grants inference on the OpenAI account/],
    ['Cognitive Services OpenAI Contributor', 'account', /grants inference on the OpenAI account/],
    ['Cognitive Services User', 'resource group', /grants inference[\s\S]*listKeys/],
    ['Cognitive Services Contributor', 'resource group', /grants control-plane actions that reopen a way around the gateway \(Microsoft\.CognitiveServices\/accounts\/listKeys\/action, .*accounts\/write/],
  ])('fails %s for a persona at the %s', (role, where, pattern) => {
    const msg = synthError((s, { account, rg }) => assign(s, 'direct', { roleDefinitionName: role, scope: where === 'account' ? account.resourceId : rg.id }));
    expect(msg).toMatch(new RegExp(`\\[fixture/direct\\] gateway-only/role-access: role ${role} ${pattern.source.replace(/^\//, '')}`));
  });

  it('fails a built-in role given by id, and a custom role with inference or key actions, at the account', () => {
    const msg = synthError((s, { account, rg }) => {
      assign(s, 'by-id', { roleDefinitionName: undefined, roleDefinitionId: '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/a001fd3d-188f-4b5d-821b-7da978bf7442', scope: account.resourceId });
      const custom = new RoleDefinition(s, 'sneaky', { name: 'sneaky', scope: rg.id, assignableScopes: [rg.id], permissions: [{ actions: ['Microsoft.CognitiveServices/accounts/*'], dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/deployments/*'] }] });
      assign(s, 'custom', { roleDefinitionName: undefined, roleDefinitionId: custom.roleDefinitionResourceId, scope: account.resourceId });
    });
    expect(msg).toContain('[fixture/by-id] gateway-only/role-access: role Cognitive Services OpenAI Contributor grants inference on the OpenAI account');
    expect(msg).toMatch(/\[fixture\/custom\] gateway-only\/role-access: role custom role "sneaky" grants inference on the OpenAI account \(Microsoft\.CognitiveServices\/accounts\/OpenAI\/deployments\/chat\/completions\/action/);
    expect(msg).toMatch(/\[fixture\/custom\] gateway-only\/role-access: role custom role "sneaky" grants control-plane actions .*listKeys/);
  });

  it('fails an unknown role at the account, and writing role assignments at the resource group', () => {
    const msg = synthError((s, { account, rg }) => {
      assign(s, 'unknown', { roleDefinitionName: 'Some Vendor Role', scope: account.resourceId });
      assign(s, 'rbac', { roleDefinitionName: 'Role Based Access Control Administrator', scope: rg.id });
    });
    expect(msg).toContain('[fixture/unknown] gateway-only/role-access: role Some Vendor Role is neither a known built-in role nor a custom role of this stack');
    expect(msg).toContain('[fixture/rbac] gateway-only/role-access: role Role Based Access Control Administrator grants control-plane actions that reopen a way around the gateway (Microsoft.Authorization/roleAssignments/write)');
  });

  it('accepts a declared break-glass and roles on other resources', () => {
    expect(
      synthError((s, { account }) => {
        account.grantUse({ principalId: BREAK_GLASS, displayName: 'oncall' }, { breakGlassReason: 'incident response when the gateway is down' });
        assign(s, 'storage', { roleDefinitionName: 'Storage Blob Data Owner', scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st' });
      }),
    ).toBe('');
  });

  it('fails an NSG rule that opens the service endpoints beyond the integration subnet', () => {
    const msg = synthError((_s, { network }) => {
      const rules = network.privateEndpointNsg.securityRule;
      network.privateEndpointNsg.putSecurityRule([
        ...(rules as any).internalValue ?? [],
        { name: 'allow-vnet', priority: 200, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: '*' },
      ]);
    });
    expect(msg).toMatch(/\[fixture\/network\/pe-subnet\] gateway-only\/endpoint-network: fixture\/network\/pe-nsg rule "allow-vnet" lets VirtualNetwork reach fixture\/openai-pl\/endpoint; only the gateway's integration subnet \(10\.20\.0\.128\/25\) may/);
  });

  it('fails service endpoints in a subnet without an NSG or with network policies off', () => {
    const msg = synthError((s, { network, account }) => {
      const { Subnet } = require('@cdktf/provider-azurerm/lib/subnet');
      const bare = new Subnet(s, 'bare', { name: 'bare', resourceGroupName: 'rg', virtualNetworkName: 'vnet', addressPrefixes: ['10.20.1.0/26'], privateEndpointNetworkPolicies: 'Disabled' });
      new PrivateLink(s, 'second-pl', { ...located, target: { ...account, privateLinkLabel: 'oai2' }, subnetId: bare.id, virtualNetworkId: network.vnet.id, existingZoneIds: ['/zone'] });
    });
    expect(msg).toContain('[fixture/bare] gateway-only/endpoint-network: private_endpoint_network_policies must be "Enabled"');
    expect(msg).toContain("[fixture/bare] gateway-only/endpoint-network: no network security group: Azure's default rules let the whole VNet reach fixture/second-pl/endpoint");
  });

  it('classifies every built-in role of the table: only OpenAI and Cognitive Services data roles infer', () => {
    const inferring = BUILT_IN_ROLES.filter((r) => bypassesOf(r).inference.length > 0).map((r) => r.name);
    expect(inferring).toEqual(['Cognitive Services OpenAI User', 'Cognitive Services OpenAI Contributor', 'Cognitive Services User']);
    expect(bypassesOf(BUILT_IN_ROLES.find((r) => r.name === 'Reader')!)).toEqual({ inference: [], control: [] });
  });
});
