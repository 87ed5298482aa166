import { loadConfig } from '../../config';
import { landingZones } from '../../config/landing-zones';
import { acceptedTotalRetention, auditRetentionFor, FRAMEWORK_RETENTION, TOTAL_RETENTION_YEARS, yearsInDays } from '../../config/retention';
import { clone, problemsOf } from '../helpers/config';

describe('retention figures', () => {
  it('counts whole years as Log Analytics does and rounds totals above 730 days up to a whole year', () => {
    expect([1, 2, 3, 6, 7, 12].map(yearsInDays)).toEqual([365, 730, 1095, 2191, 2556, 4383]);
    expect(() => yearsInDays(13)).toThrow(/1 to 12 whole years, not 13/);
    expect([4, 365, 730, 731, 913, 1095, 2191, 2192, 4383].map(acceptedTotalRetention)).toEqual([4, 365, 730, 1095, 1095, 1095, 2191, 2556, 4383]);
    expect(() => acceptedTotalRetention(4384)).toThrow(/at most 4383 days, 12 years/);
    expect(TOTAL_RETENTION_YEARS).toEqual([1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018, 4383]);
  });

  it('records a source for every framework figure', () => {
    for (const [name, f] of Object.entries(FRAMEWORK_RETENTION)) {
      expect({ name, control: f.control.length > 0, source: f.source.length > 40 }).toEqual({ name, control: true, source: true });
    }
  });

  it('keeps HIPAA audit tables six years, FedRAMP 30 months (rounded to 3 years), GDPR and ISO 27001 one year', () => {
    expect(auditRetentionFor(['HIPAA'])).toMatchObject({ interactiveDays: 365, totalDays: 2191 });
    expect(auditRetentionFor(['FedRAMP'])).toMatchObject({ interactiveDays: 365, totalDays: 1095 });
    expect(auditRetentionFor(['FedRAMP']).basis).toContain('total 913 days rounded up to 1095 (Log Analytics keeps whole years above 730 days)');
    expect(auditRetentionFor(['HIPAA', 'SOC 2', 'FedRAMP'])).toMatchObject({ interactiveDays: 365, totalDays: 2191 });
    const eu = auditRetentionFor(['GDPR', 'ISO 27001']);
    expect(eu).toMatchObject({ interactiveDays: 365, totalDays: 365 });
    expect(eu.basis[0]).toBe('GDPR (GDPR Art. 5(1)(e)): no longer than needed (no archive beyond the largest minimum)');
  });

  it('takes the ISM-1989 period from the profile, and says so for a framework it has no figure for', () => {
    expect(() => auditRetentionFor(['IRAP'])).toThrow(/auditRetention.totalDays: IRAP \(ISM-1988, ISM-1989\) leaves the retention period to your records schedule/);
    const au = auditRetentionFor(['IRAP', 'ISO 27001'], { totalDays: 2556, source: 'records schedule' });
    expect(au).toMatchObject({ interactiveDays: 365, totalDays: 2556 });
    expect(au.basis).toContain('profile figure: 2556 days kept — records schedule');
    expect(auditRetentionFor(['FINMA']).basis[0]).toBe('FINMA: no retention figure on record in config/retention.ts');
  });

  it('lets a profile raise the figures, never lower them below a framework', () => {
    expect(auditRetentionFor(['GDPR'], { interactiveDays: 180, totalDays: 180, source: 'DPIA: 6 months' })).toMatchObject({ interactiveDays: 180, totalDays: 180 });
    expect(() => auditRetentionFor(['HIPAA'], { totalDays: 1095, source: 'x' })).toThrow(/1095 days is less than HIPAA requires kept \(2191 days, 45 CFR 164.316\(b\)\(2\)\(i\)\)/);
  });
});

describe('retention in the configuration', () => {
  it('ships profiles whose retention resolves: Australia states its records schedule', () => {
    expect(loadConfig(landingZones).regionProfiles.australia.auditRetention).toEqual({ totalDays: 2556, source: expect.stringContaining('AFDA Express') });
  });

  it('names the profile path of a missing or impossible figure', () => {
    const raw = clone();
    delete raw.regionProfiles.australia.auditRetention;
    raw.regionProfiles.us_healthcare.auditRetention = { totalDays: 1000, source: 'contract' };
    raw.regionProfiles.europe.auditRetention = { interactiveDays: 800, source: ' ' };
    expect(problemsOf(raw)).toEqual(
      expect.arrayContaining([
        { path: 'config.regionProfiles.europe.auditRetention.interactiveDays', message: expect.stringContaining('730') },
        { path: 'config.regionProfiles.europe.auditRetention.source', message: 'source must say where the figure comes from' },
      ]),
    );
    const other = clone();
    delete other.regionProfiles.australia.auditRetention;
    other.regionProfiles.us_healthcare.auditRetention = { totalDays: 1000, source: 'contract' };
    expect(problemsOf(other)).toEqual([
      { path: 'config.regionProfiles.us_healthcare.auditRetention.totalDays', message: '1000 days is less than HIPAA requires kept (2191 days, 45 CFR 164.316(b)(2)(i))' },
      { path: 'config.regionProfiles.us_healthcare.auditRetention.totalDays', message: 'above 730 days Log Analytics keeps whole years only: one of 1095, 1460, 1826, 2191, 2556, 2922, 3288, 3653, 4018, 4383' },
      { path: 'config.regionProfiles.australia.auditRetention.totalDays', message: 'IRAP (ISM-1988, ISM-1989) leaves the retention period to your records schedule: state it here, with its source' },
    ]);
  });
});
