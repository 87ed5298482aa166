import { spawnSync } from 'node:child_process';
import { projectConfig } from '../../config';
import { appRoleCommands } from '../../stacks/gateway-app-roles';

describe('gateway app role commands (users persona)', () => {
  const cfg = projectConfig();

  it('assigns the gateway app role to every users principal of the environment, and to no one else', () => {
    const lines = appRoleCommands(cfg, 'prod');
    const env = cfg.environments.prod;
    expect(lines).toContain(`GW_SP=$(az ad sp show --id '${env.gateway.audience}' --query id -o tsv)`);
    expect(lines.join('\n')).toContain(`appRoles[?value=='${env.gateway.requiredRole}'].id | [0]`);
    const posts = lines.filter((l) => l.startsWith('az rest --method POST'));
    expect(posts).toHaveLength(env.personas.users.length);
    for (const [i, p] of env.personas.users.entries()) expect(posts[i]).toContain(`\\"principalId\\":\\"${p.principalId}\\"`);
    for (const p of [...env.personas.modelOwners, ...env.personas.auditors]) expect(lines.join('\n')).not.toContain(p.principalId);
  });

  it('is valid bash', () => {
    const r = spawnSync('bash', ['-n'], { input: appRoleCommands(cfg, 'dev').join('\n'), encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it('names an unknown environment', () => {
    expect(() => appRoleCommands(cfg, 'staging')).toThrow('Unknown environment "staging"; known environments: dev, prod');
  });
});
