import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectConfig, stackMatrix } from '../../config';

const read = (f: string) => readFileSync(join(__dirname, '../../.github/workflows', f), 'utf8');

describe('CI/CD workflows', () => {
  const stacks = stackMatrix(projectConfig()).map((t) => t.stackName);

  it.each(['ci.yml', 'deploy.yml'])('%s authenticates with OIDC and holds no secrets', (file) => {
    const text = read(file);
    expect(text).toMatch(/id-token: write/);
    expect(text).toMatch(/ARM_USE_OIDC: 'true'/);
    expect(text).not.toMatch(/secrets\.|ARM_CLIENT_SECRET|ARM_ACCESS_KEY|client-secret/);
  });

  it('diffs every stack on pull requests and deploys every stack on main, one at a time', () => {
    const ci = read('ci.yml');
    const deploy = read('deploy.yml');
    expect(ci).toMatch(/npm test/);
    expect(ci).toMatch(/cdktf diff \$\{\{ matrix\.stack \}\}/);
    expect(deploy).toMatch(/cdktf deploy \$\{\{ matrix\.stack \}\} --auto-approve/);
    expect(deploy).toMatch(/max-parallel: 1/);
    // The gateway's code is published after every apply, for the same stack (Flex has no zipdeploy).
    const apply = deploy.indexOf('cdktf deploy ${{ matrix.stack }}');
    const publish = deploy.indexOf('stacks/deploy-gateway.ts ${{ matrix.stack }}');
    expect(apply).toBeGreaterThan(0);
    expect(publish).toBeGreaterThan(apply);
    expect(deploy).toMatch(/node-version: 22/);
    for (const s of stacks) {
      expect(ci).toContain(s);
      expect(deploy).toContain(`stack: ${s}`);
    }
  });
});
