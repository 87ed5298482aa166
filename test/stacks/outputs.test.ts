import { synthesizeStacks } from '../../main';
import { projectConfig, stackMatrix } from '../../config';
import { refType } from '../helpers/matrix';

const stacks = synthesizeStacks();

describe.each(stackMatrix(projectConfig()))('$stackName outputs', ({ stackName }) => {
  const output = stacks[stackName].output!;

  it('name the gateway, the OpenAI account, both workspaces and the resource group, each described', () => {
    expect(Object.keys(output).sort()).toEqual(
      ['audit_workspace_id', 'gateway_function_app_id', 'gateway_function_name', 'gateway_package_path', 'gateway_principal_id', 'gateway_url', 'openai_account_id', 'openai_endpoint', 'operations_workspace_id', 'resource_group_name'].sort(),
    );
    for (const [name, o] of Object.entries(output)) expect({ name, described: typeof o.description === 'string' && o.description.length > 10 }).toEqual({ name, described: true });
  });

  it('point at the resources they name', () => {
    const workspace = (ref: string) => stacks[stackName].resource.azurerm_log_analytics_workspace[/\.([^.]+)\.id\}$/.exec(ref)![1]].name;
    expect(workspace(output.audit_workspace_id.value)).toMatch(/-audit$/);
    expect(workspace(output.operations_workspace_id.value)).toMatch(/-ops$/);
    expect(refType(output.openai_account_id.value)).toBe('azurerm_cognitive_account');
    expect(output.openai_endpoint.value).toMatch(/^https:\/\/[a-z0-9-]+\.openai\.azure\.com\/$/);
    expect(output.gateway_url.value).toMatch(/^https:\/\/\$\{azurerm_function_app_flex_consumption\.[^.]+\.default_hostname\}$/);
    expect(output.gateway_principal_id.value).toMatch(/^\$\{azurerm_function_app_flex_consumption\.[^.]+\.identity\[0\]\.principal_id\}$/);
    expect(refType(output.gateway_function_name.value)).toBe('azurerm_function_app_flex_consumption');
    expect(refType(output.resource_group_name.value)).toBe('azurerm_resource_group');
  });
});
