/**
 * Config-level deployability checks that depend on the day: model lifecycle (config/model-catalog.ts)
 * and the budget's start month. Errors stop loadConfig; warnings are shown by synth on the stacks they
 * concern. The day is always passed in (LZ_TODAY or today, UTC), so tests never depend on the clock.
 */
import type { DeploymentSku, LandingZoneConfig } from './schema';
import { catalogEntry, MODEL_CATALOG, retirementFor, type CatalogEntry } from './model-catalog';

/** A model retiring within this many days is refused for new use and warned about for existing use. */
export const RETIREMENT_NOTICE_DAYS = 90;

export interface DeployabilityFinding {
  readonly severity: 'error' | 'warning';
  /** Config path, e.g. `config.environments.prod.deployments[0].version`. */
  readonly path: string;
  readonly message: string;
  readonly environment: string;
  /** The region profile the finding concerns; undefined when it concerns every profile of the environment. */
  readonly regionProfile?: string;
  /** The registry rule (policies/) that reports this warning at synth and in the report, so the stack does not print it again. */
  readonly rule?: string;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function isIsoDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The day checks are evaluated at: `LZ_TODAY` (YYYY-MM-DD) when set, else today in UTC. */
export function evaluationDate(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const value = env.LZ_TODAY?.trim();
  if (value) {
    if (!isIsoDay(value)) throw new Error(`LZ_TODAY must be a calendar day as YYYY-MM-DD, got "${value}"`);
    return value;
  }
  return now().toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** First day of the month of `day` (YYYY-MM-01). */
export function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The deployments an environment gives one region profile (all, unless a deployment names its profiles). */
export function deploymentsFor(env: LandingZoneConfig['environments'][string], profile: string) {
  return env.deployments.filter((d) => d.regionProfiles === undefined || d.regionProfiles.includes(profile));
}

const isProvisioned = (sku: DeploymentSku) => sku.endsWith('ProvisionedManaged');

const replacementHint = (e: CatalogEntry) => (e.replacement ? `; replacement: ${e.replacement}` : '');

/** Where a model version stands against its retirement on `today`: read by this file and by rule AOAI-DEP-014. */
export type RetirementNotice = { kind: 'retired'; date: string } | { kind: 'retiring'; date: string; days: number } | { kind: 'may-retire'; date: string };

export function retirementNotice(entry: CatalogEntry, sku: DeploymentSku, today: string): RetirementNotice | undefined {
  const retirement = retirementFor(entry, sku);
  if (retirement !== undefined) {
    const left = daysBetween(today, retirement);
    if (left <= 0) return { kind: 'retired', date: retirement };
    return left <= RETIREMENT_NOTICE_DAYS ? { kind: 'retiring', date: retirement, days: left } : undefined;
  }
  if (entry.retirementNotBefore !== undefined && daysBetween(today, entry.retirementNotBefore) <= RETIREMENT_NOTICE_DAYS) return { kind: 'may-retire', date: entry.retirementNotBefore };
  return undefined;
}

/** Whether a subscription that never used the model may deploy it as `sku` in `location` on `today`. */
export function qualifiesForNewUse(entry: CatalogEntry, sku: DeploymentSku, location: string, today: string): boolean {
  const retirement = retirementFor(entry, sku);
  if (retirement !== undefined && daysBetween(today, retirement) <= RETIREMENT_NOTICE_DAYS) return false;
  if (entry.deprecation !== undefined && daysBetween(entry.deprecation, today) >= 0) return false;
  return (entry.regions[sku] ?? []).includes(location);
}

export function deployabilityFindings(cfg: LandingZoneConfig, today: string, catalog: readonly CatalogEntry[] = MODEL_CATALOG): DeployabilityFinding[] {
  const findings: DeployabilityFinding[] = [];
  for (const [envName, env] of Object.entries(cfg.environments)) {
    const at = `config.environments.${envName}`;
    const add = (severity: DeployabilityFinding['severity'], path: string, message: string, regionProfile?: string, rule?: string) =>
      findings.push({ severity, path, message, environment: envName, regionProfile, ...(rule ? { rule } : {}) });

    env.deployments.forEach((d, j) => {
      const path = `${at}.deployments[${j}]`;
      const entry = catalogEntry(d.model, d.version, catalog);
      if (!entry) {
        const known = catalog.filter((e) => e.model === d.model).map((e) => e.version);
        add('error', `${path}.version`, `deployment "${d.name}": ${d.model} version ${d.version} is not in the model catalog (config/model-catalog.ts)${known.length ? `; catalogued versions: ${known.join(', ')}` : ''}`);
        return;
      }
      const inUse = d.subscriptionAlreadyUses === true;
      const notice = retirementNotice(entry, d.sku, today);
      if (notice?.kind === 'retired') {
        add('error', `${path}.version`, `deployment "${d.name}": ${d.model} ${d.version} (${d.sku}) retired on ${notice.date}${replacementHint(entry)}`);
        return;
      }
      if (notice?.kind === 'retiring') {
        add(
          inUse ? 'warning' : 'error',
          `${path}.version`,
          `deployment "${d.name}": ${d.model} ${d.version} (${d.sku}) retires on ${notice.date}, in ${notice.days} days${replacementHint(entry)}` +
            (inUse ? '' : ' (a new deployment is refused within 90 days of retirement; set subscriptionAlreadyUses if this subscription already runs it)'),
          undefined,
          inUse ? 'AOAI-DEP-014' : undefined,
        );
      }
      if (notice?.kind === 'may-retire') {
        add('warning', `${path}.version`, `deployment "${d.name}": ${d.model} ${d.version} may retire from ${notice.date} (Azure gives a "no earlier than" date); check the retirement table`, undefined, 'AOAI-DEP-014');
      }
      if (entry.deprecation !== undefined && daysBetween(entry.deprecation, today) >= 0 && !inUse) {
        add(
          'error',
          `${path}.subscriptionAlreadyUses`,
          `deployment "${d.name}": ${d.model} ${d.version} is deprecated since ${entry.deprecation} (no new customers); a subscription that has never deployed it is refused${replacementHint(entry)}. Set subscriptionAlreadyUses: true only if this subscription already runs it`,
        );
      }
      const targets = d.regionProfiles ?? env.regionProfiles;
      for (const profileName of targets) {
        const profile = cfg.regionProfiles[profileName];
        if (!profile) continue; // reported by the schema
        const offered = entry.regions[d.sku] ?? [];
        if (!offered.includes(profile.location)) {
          add(
            'error',
            `${path}.sku`,
            `deployment "${d.name}": ${d.model} ${d.version} is not offered as ${d.sku} in ${profile.location} (region profile "${profileName}"); catalogued ${d.sku} regions: ${offered.join(', ') || 'none'}`,
            profileName,
          );
        }
      }
      // Each backend's account must be offered the model for its SKU too (the schema checked its location and SKU).
      d.backends?.forEach((b, k) => {
        const sku = b.sku ?? d.sku;
        for (const profileName of targets) {
          const profile = cfg.regionProfiles[profileName];
          if (!profile?.secondaryAccounts?.some((a) => a.location === b.location)) continue;
          const offered = entry.regions[sku] ?? [];
          if (!offered.includes(b.location)) {
            add(
              'error',
              `${path}.backends[${k}].sku`,
              `deployment "${d.name}": ${d.model} ${d.version} is not offered as ${sku} in ${b.location} (backend of region profile "${profileName}"); catalogued ${sku} regions: ${offered.join(', ') || 'none'}`,
              profileName,
            );
          }
        }
      });
    });

    env.regionProfiles.forEach((profileName) => {
      const profile = cfg.regionProfiles[profileName];
      if (!profile) return;
      const chat = deploymentsFor(env, profileName).filter((d) => catalogEntry(d.model, d.version, catalog)?.kind === 'chat');
      if (chat.length > 0) return;
      const offers = (skus: readonly DeploymentSku[]) =>
        catalog
          .filter((e) => e.kind === 'chat')
          .flatMap((e) => skus.filter((sku) => qualifiesForNewUse(e, sku, profile.location, today)).map((sku) => `${e.model} ${e.version} (${sku})`));
      // Provisioned SKUs are billed per PTU-hour: the gateway cannot price their calls, so config refuses them.
      const perToken = profile.allowedDeploymentSkus.filter((sku) => !isProvisioned(sku));
      const provisioned = profile.allowedDeploymentSkus.filter(isProvisioned);
      const qualifying = offers(perToken);
      const provisionedOffers = offers(provisioned);
      add(
        'warning',
        `${at}.deployments`,
        `region profile "${profileName}" ships no chat model: ` +
          (qualifying.length
            ? `none is configured, although the catalog offers ${qualifying.join(', ')} in ${profile.location}`
            : `the model catalog offers none in ${profile.location} for ${perToken.join(', ') || 'any per-token SKU'} that is open to new customers and not retiring within ${RETIREMENT_NOTICE_DAYS} days` +
              (provisionedOffers.length
                ? `; it offers ${provisionedOffers.join(', ')}, but provisioned throughput is billed per PTU-hour and the gateway prices calls per token`
                : '')),
        profileName,
      );
    });

    const start = env.budgets.startDate;
    if (start !== undefined && start < firstOfMonth(today)) {
      add('error', `${at}.budgets.startDate`, `${start} is in a past month: Azure refuses a budget that starts before the current month (${firstOfMonth(today)}); omit startDate to use the month of the first deployment`);
    }
  }
  return findings;
}
