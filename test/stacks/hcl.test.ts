import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectConfig, stackMatrix } from '../../config';
import { synthesizeStacks, type StackJson } from '../../main';
import { comparable, jsonencoded, parseHcl } from '../helpers/hcl';

const ROOT = join(__dirname, '../..');
const stackNames = stackMatrix(projectConfig()).map((t) => t.stackName);

/** `--output <dir>` of an npm script, or cdktf's default. */
function outputOf(script: string): string {
  const m = /--output[ =](\S+)/.exec(script);
  return m ? m[1] : 'cdktf.out';
}

describe('the way out of cdktf', () => {
  const out = mkdtempSync(join(tmpdir(), 'lz-hcl-'));
  let cli: ReturnType<typeof spawnSync>;
  let json: Record<string, StackJson>;
  const hcl: Record<string, Record<string, any>> = {};

  beforeAll(async () => {
    // The CLI a user runs (`cdktf synth --hcl`), into a directory of its own.
    cli = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--hcl', '--output', out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' },
      timeout: 240_000,
    });
    json = synthesizeStacks();
    for (const name of stackNames) {
      const file = join(out, 'stacks', name, 'cdk.tf');
      // A syntax error is kept, to fail that stack's test with the parser's message.
      if (existsSync(file)) hcl[name] = await parseHcl(`${name}/cdk.tf`, readFileSync(file, 'utf8')).catch((e: unknown) => ({ parseError: String(e) }));
    }
  }, 300_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('`cdktf synth --hcl` succeeds and writes HCL only, for every stack', () => {
    expect({ status: cli.status, stderr: cli.status === 0 ? '' : cli.stderr }).toEqual({ status: 0, stderr: '' });
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual([...stackNames].sort());
    for (const name of stackNames) {
      const files = readdirSync(join(out, 'stacks', name));
      expect({ name, tf: files.includes('cdk.tf'), json: files.includes('cdk.tf.json') }).toEqual({ name, tf: true, json: false });
    }
  });

  it.each(stackNames)('%s: the HCL parses and says what the JSON synth says (resources, arguments, outputs, backend)', async (name) => {
    expect(Object.keys(hcl)).toContain(name);
    const fromHcl = hcl[name];
    expect({ name, parseError: fromHcl.parseError }).toEqual({ name, parseError: undefined });
    const fromJson = json[name] as Record<string, any>;
    for (const section of ['resource', 'output', 'terraform', 'provider']) {
      expect({ section, value: await comparable(fromHcl[section]) }).toEqual({ section, value: await comparable(fromJson[section]) });
    }
    // The same resources, by type and name, in both.
    const keys = (doc: Record<string, any>) => Object.entries(doc.resource).flatMap(([type, byName]) => Object.keys(byName as object).map((n) => `${type}.${n}`)).sort();
    expect(keys(fromHcl)).toEqual(keys(fromJson));
    expect(keys(fromJson).length).toBeGreaterThan(50);
  });

  it.each(stackNames)('%s: security settings survive the HCL rendering', async (name) => {
    const r = hcl[name].resource;
    const [account] = Object.values(r.azurerm_cognitive_account) as any[][];
    expect(account[0]).toMatchObject({ public_network_access_enabled: false, local_auth_enabled: false });
    const [redis] = Object.values(r.azurerm_managed_redis) as any[][];
    expect(redis[0]).toMatchObject({ public_network_access: 'Disabled', default_database: [{ access_keys_authentication_enabled: false }] });
    // The Redis access policy template: JSON built by Terraform's jsonencode, references intact.
    const [access] = Object.values(r.azurerm_resource_group_template_deployment) as any[][];
    const template = await jsonencoded(access[0].template_content);
    expect(template.resources).toEqual([expect.objectContaining({ type: 'Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments', properties: { accessPolicyName: 'default', user: { objectId: "[parameters('objectId')]" } } })]);
    const parameters = await jsonencoded(access[0].parameters_content);
    expect(parameters.objectId.value).toMatch(/^\$\{azurerm_function_app_flex_consumption\.[^.]+\.identity\[0\]\.principal_id\}$/);
    expect(parameters.cluster.value).toMatch(/^\$\{azurerm_managed_redis\.[^.]+\.name\}$/);
  });

  it('npm run synth:hcl writes to a directory of its own, never beside the JSON of npm run synth', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const cdktfJson = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8'));
    expect(scripts['synth:hcl']).toMatch(/\bcdktf synth --hcl\b/);
    const hclDir = outputOf(scripts['synth:hcl']);
    const jsonDir = outputOf(scripts.synth) === 'cdktf.out' ? cdktfJson.output ?? 'cdktf.out' : outputOf(scripts.synth);
    expect(hclDir).not.toBe(jsonDir);
    // Both are build output, not source.
    const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining([`${jsonDir}/`, `${hclDir}/`]));
  });
});
