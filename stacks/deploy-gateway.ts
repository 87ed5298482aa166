/**
 * After `cdktf deploy <stack>`: publishes the gateway's zip (the asset synth built) with OneDeploy and
 * removes the host-storage connection string azurerm 4.55 writes. Run it on the runner inside the hub
 * VNet: the app's public access and its deployment endpoint stay closed.
 *
 *   node --require ts-node/register/transpile-only stacks/deploy-gateway.ts <stack> [--dry-run]
 *
 * Why not Terraform: `zip_deploy_file` posts to /api/zipdeploy (appservice/helpers/publish_app.go:116),
 * which Flex Consumption does not support (hashicorp/terraform-provider-azurerm#29630). Flex deploys with
 * OneDeploy, which `az functionapp deployment source config-zip` uses for Flex Consumption apps
 * (https://learn.microsoft.com/azure/azure-functions/flex-consumption-how-to#deploy-your-code-project).
 * And the provider writes `AzureWebJobsStorage` with an empty AccountKey beside the identity settings
 * (function_app_flex_consumption_resource.go:448, :874; #29693); the host prefers it over
 * `AzureWebJobsStorage__accountName`, so it is deleted here after every apply. The read path parses it
 * into `storage_access_key` (:1081), which is then empty, like the configuration: no diff on the next plan.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The outputs of a LandingZoneStack the step needs (`terraform output -json`). */
export const REQUIRED_OUTPUTS = ['gateway_function_name', 'resource_group_name', 'gateway_package_path'] as const;

export interface DeployStep {
  readonly description: string;
  readonly command: string;
  readonly args: readonly string[];
}

type Outputs = Record<string, { value?: unknown } | undefined>;

/** The commands, in order, for one stack; throws naming the missing output or file. */
export function gatewayDeploySteps(stack: string, outputs: Outputs, outdir = 'cdktf.out', exists: (path: string) => boolean = existsSync): DeployStep[] {
  const value = (name: (typeof REQUIRED_OUTPUTS)[number]) => {
    const v = outputs[name]?.value;
    if (typeof v !== 'string' || v === '') throw new Error(`stack ${stack}: terraform output "${name}" is missing; run \`cdktf deploy ${stack}\` first`);
    return v;
  };
  const app = value('gateway_function_name');
  const group = value('resource_group_name');
  const zip = join(outdir, 'stacks', stack, value('gateway_package_path'));
  if (!exists(zip)) throw new Error(`stack ${stack}: the gateway package ${zip} does not exist; run \`cdktf synth\` (or deploy) of this commit first`);
  return [
    {
      description: 'remove the key-less AzureWebJobsStorage connection string the provider writes (the host then uses its managed identity)',
      command: 'az',
      args: ['functionapp', 'config', 'appsettings', 'delete', '--resource-group', group, '--name', app, '--setting-names', 'AzureWebJobsStorage', '--output', 'none'],
    },
    {
      description: 'publish the package with OneDeploy (Flex Consumption)',
      command: 'az',
      args: ['functionapp', 'deployment', 'source', 'config-zip', '--resource-group', group, '--name', app, '--src', zip],
    },
  ];
}

function main(argv: string[]): void {
  const [stack, ...rest] = argv;
  if (!stack || stack.startsWith('-')) throw new Error('usage: stacks/deploy-gateway.ts <stack> [--dry-run]');
  const dryRun = rest.includes('--dry-run');
  const outdir = process.env.CDKTF_OUTDIR?.trim() || 'cdktf.out';
  const stackDir = join(outdir, 'stacks', stack);
  if (!existsSync(stackDir)) throw new Error(`stack ${stack}: ${stackDir} does not exist; run \`npx cdktf synth\` first`);
  const outputs = JSON.parse(execFileSync('terraform', [`-chdir=${stackDir}`, 'output', '-json'], { encoding: 'utf8' })) as Outputs;
  for (const step of gatewayDeploySteps(stack, outputs, outdir)) {
    console.log(`${stack}: ${step.description}\n  ${step.command} ${step.args.join(' ')}`);
    if (!dryRun) execFileSync(step.command, step.args, { stdio: 'inherit' });
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  }
}
