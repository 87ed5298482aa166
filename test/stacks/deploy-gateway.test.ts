import { join } from 'node:path';
import { gatewayDeploySteps } from '../../stacks/deploy-gateway';

const outputs = {
  gateway_function_name: { value: 'func-aoai-prod-weu-gateway-1a2b3c' },
  resource_group_name: { value: 'rg-aoai-prod-weu' },
  gateway_package_path: { value: 'assets/landing-zone_gateway_package_ABC/0F/function.zip' },
};

describe('post-deploy step (stacks/deploy-gateway.ts)', () => {
  it('removes the key-less host storage string, then publishes the synthesized zip with OneDeploy', () => {
    const seen: string[] = [];
    const steps = gatewayDeploySteps('prod-europe', outputs, 'out', (p) => (seen.push(p), true));
    const zip = join('out', 'stacks', 'prod-europe', 'assets/landing-zone_gateway_package_ABC/0F/function.zip');
    expect(seen).toEqual([zip]);
    expect(steps.map((s) => [s.command, ...s.args])).toEqual([
      ['az', 'functionapp', 'config', 'appsettings', 'delete', '--resource-group', 'rg-aoai-prod-weu', '--name', 'func-aoai-prod-weu-gateway-1a2b3c', '--setting-names', 'AzureWebJobsStorage', '--output', 'none'],
      ['az', 'functionapp', 'deployment', 'source', 'config-zip', '--resource-group', 'rg-aoai-prod-weu', '--name', 'func-aoai-prod-weu-gateway-1a2b3c', '--src', zip],
    ]);
  });

  it('names the missing output or package', () => {
    const { gateway_package_path: _, ...partial } = outputs;
    expect(() => gatewayDeploySteps('dev-europe', partial, 'out', () => true)).toThrow('stack dev-europe: terraform output "gateway_package_path" is missing; run `cdktf deploy dev-europe` first');
    expect(() => gatewayDeploySteps('dev-europe', outputs, 'out', () => false)).toThrow(/stack dev-europe: the gateway package out\/stacks\/dev-europe\/assets\/.*function\.zip does not exist/);
  });
});
