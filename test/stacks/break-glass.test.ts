import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { ConfigError, loadConfig } from '../../config';
import { landingZones } from '../../config/landing-zones';
import { LandingZoneStack } from '../../stacks/landing-zone-stack';

const dir = mkdtempSync(join(tmpdir(), 'lz-break-glass-'));
const zip = join(dir, 'function.zip');
writeFileSync(zip, 'zip');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('break-glass: direct data-plane access only with a declared reason', () => {
  it('refuses a break-glass without a reason, naming the field', () => {
    const raw = structuredClone(landingZones) as any;
    raw.environments.dev.personas.users[0].breakGlass = { reason: ' ' };
    expect(() => loadConfig(raw, { today: '2026-12-02' })).toThrow(ConfigError);
    try {
      loadConfig(raw, { today: '2026-12-02' });
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([{ path: 'config.environments.dev.personas.users[0].breakGlass.reason', message: 'breakGlass.reason must say why (at least 10 characters)' }]);
    }
  });

  it('grants the declared principal OpenAI User, passes the gateway-only rule, and warns at synth', () => {
    const raw = structuredClone(landingZones) as any;
    raw.environments.dev.personas.users[0].breakGlass = { reason: 'incident response while the gateway is down' };
    const config = loadConfig(raw, { today: '2026-12-02' });
    const app = Testing.app();
    const stack = new LandingZoneStack(app, 'dev-europe', { config, environment: 'dev', regionProfile: 'europe', functionPackagePath: zip, today: '2026-12-02' });
    const json = JSON.parse(Testing.synth(stack, true));
    const user = config.environments.dev.personas.users[0];
    const grants = Object.values(json.resource.azurerm_role_assignment as Record<string, any>).filter((r) => r.principal_id === user.principalId);
    // On each account of the zone: the primary and Europe's swedencentral secondary.
    const grant = expect.objectContaining({ role_definition_name: 'Cognitive Services OpenAI User', description: `break-glass (incident response while the gateway is down): Cognitive Services OpenAI User for ${user.displayName}-break-glass` });
    expect(grants).toEqual([grant, grant]);
    expect(new Set(grants.map((g) => g.scope)).size).toBe(2);
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toContainEqual(expect.stringContaining(`break-glass: ${user.displayName}-break-glass may call the models directly, without the gateway (incident response while the gateway is down)`));
  });
});
