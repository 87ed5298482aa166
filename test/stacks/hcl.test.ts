import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectConfig, stackMatrix } from '../../config';

const ROOT = join(__dirname, '../..');

describe('the way out of cdktf', () => {
  it('`cdktf synth --hcl` writes plain Terraform for every stack', () => {
    const out = mkdtempSync(join(tmpdir(), 'lz-hcl-'));
    try {
      const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--hcl', '--output', out], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' },
        timeout: 240_000,
      });
      expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
      for (const { stackName } of stackMatrix(projectConfig())) {
        const file = join(out, 'stacks', stackName, 'cdk.tf');
        expect(existsSync(file)).toBe(true);
        const hcl = readFileSync(file, 'utf8');
        expect(hcl).toMatch(/resource "azurerm_cognitive_account" "[^"]+" \{[\s\S]*?public_network_access_enabled\s+= false/);
        expect(hcl).toMatch(/resource "azurerm_function_app_flex_consumption"/);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
