/**
 * The users persona calls the gateway with its app role (`gateway.requiredRole`, default Gateway.Invoke)
 * instead of holding a role on the OpenAI account; the operators persona reads the backends' breaker state
 * with the operator app role (`gateway.operatorRole`, default Gateway.Operate). The assignments live in
 * Entra ID, not in the stacks: this prints the Azure CLI commands that grant them to every users and
 * operators principal of an environment, from config.
 *
 *   node --require ts-node/register/transpile-only stacks/gateway-app-roles.ts <environment> | bash
 *
 * Why commands and not the azuread provider (@cdktf/provider-azuread): an app role assignment needs the
 * deployer to hold Graph's AppRoleAssignment.ReadWrite.All, which lets it grant any app role of any
 * application in the tenant (Graph's own included) — far more than the subscription-scoped deployer should
 * hold — and a second provider with its own credentials in every stack. The app registration is one per
 * tenant, not per stack, and an identity administrator runs these once per environment.
 */
import { getEnvironment, projectConfig, type LandingZoneConfig } from '../config';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Shell commands (bash) that assign the gateway's app roles to the environment's users and operators. */
export function appRoleCommands(config: LandingZoneConfig, environment: string): string[] {
  const env = getEnvironment(config, environment);
  const { audience, requiredRole, operatorRole } = env.gateway;
  const grants = [
    { role: requiredRole, field: 'requiredRole', variable: 'ROLE_ID', principals: env.personas.users },
    { role: operatorRole, field: 'operatorRole', variable: 'OPERATOR_ROLE_ID', principals: env.personas.operators },
  ].filter((g) => g.principals.length > 0 || g.variable === 'ROLE_ID');
  // Entra app role values have no spaces or quotes (config validates it); anything else would break the commands below.
  for (const g of grants) {
    if (!/^[A-Za-z0-9._:-]+$/.test(g.role)) throw new Error(`config.environments.${environment}.gateway.${g.field} "${g.role}" is not a valid app role value`);
  }
  const lines = [
    'set -euo pipefail',
    `# Gateway app registration ${audience}: its service principal and its app roles.`,
    `GW_SP=$(az ad sp show --id ${quote(audience)} --query id -o tsv)`,
  ];
  for (const g of grants) {
    lines.push(
      `${g.variable}=$(az ad sp show --id ${quote(audience)} --query "appRoles[?value=='${g.role}'].id | [0]" -o tsv)`,
      `test -n "$${g.variable}" || { echo "app role ${g.role} not found on ${audience}" >&2; exit 1; }`,
    );
    for (const p of g.principals) {
      lines.push(
        `# ${p.displayName} (${p.principalType}): ${g.role}`,
        `az rest --method POST --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$GW_SP/appRoleAssignedTo" --headers Content-Type=application/json --body "{\\"principalId\\":\\"${p.principalId}\\",\\"resourceId\\":\\"$GW_SP\\",\\"appRoleId\\":\\"$${g.variable}\\"}"`,
      );
    }
  }
  return lines;
}

if (require.main === module) {
  const [environment] = process.argv.slice(2);
  try {
    if (!environment) throw new Error('usage: stacks/gateway-app-roles.ts <environment>');
    console.log(appRoleCommands(projectConfig(), environment).join('\n'));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  }
}
