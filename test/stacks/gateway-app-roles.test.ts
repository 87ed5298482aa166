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

describe('gateway app role commands (operators persona)', () => {
  const { loadConfig } = require('../../config') as typeof import('../../config');
  const { clone, problemsOf } = require('../helpers/config') as typeof import('../helpers/config');
  const OPERATOR = { displayName: 'Platform on-call', principalId: '5b0e4c1e-8f3a-4c2d-9a71-2f6d8e9b1c40', principalType: 'Group' };

  it('assigns the operator app role to the operators only, and the invoke role to the users only', () => {
    const raw = clone();
    raw.environments.prod.personas.operators = [OPERATOR];
    const cfg = loadConfig(raw);
    const env = cfg.environments.prod;
    const lines = appRoleCommands(cfg, 'prod');
    expect(lines.join('\n')).toContain(`OPERATOR_ROLE_ID=$(az ad sp show --id '${env.gateway.audience}' --query "appRoles[?value=='Gateway.Operate'].id | [0]" -o tsv)`);
    const posts = lines.filter((l) => l.startsWith('az rest --method POST'));
    const operatorPosts = posts.filter((l) => l.includes('\\"appRoleId\\":\\"$OPERATOR_ROLE_ID\\"'));
    expect(operatorPosts).toEqual([expect.stringContaining(`\\"principalId\\":\\"${OPERATOR.principalId}\\"`)]);
    const invokePosts = posts.filter((l) => l.includes('\\"appRoleId\\":\\"$ROLE_ID\\"'));
    expect(invokePosts).toHaveLength(env.personas.users.length);
    expect(invokePosts.join('\n')).not.toContain(OPERATOR.principalId);
    const r = spawnSync('bash', ['-n'], { input: lines.join('\n'), encoding: 'utf8' });
    expect(r.status).toBe(0);
  });

  it('refuses an operator role equal to the invoke role, and a break-glass on an operator', () => {
    const same = clone();
    same.environments.prod.gateway.operatorRole = same.environments.prod.gateway.requiredRole;
    expect(problemsOf(same)).toEqual([expect.objectContaining({ path: 'config.environments.prod.gateway.operatorRole', message: expect.stringContaining('must differ from requiredRole') })]);
    const glass = clone();
    glass.environments.prod.personas.operators = [{ ...OPERATOR, breakGlass: { reason: 'incident response without the gateway' } }];
    expect(problemsOf(glass).map((p) => p.path)).toEqual(['config.environments.prod.personas.operators[0]']);
  });
});
