import { scan } from '../../function/src/dlp';
import type { Finding } from '../../function/src/dlp';

const found = (text: string, profile: Parameters<typeof scan>[1] extends infer O ? O : never = {}) => scan(text, profile as any);
const types = (text: string) => found(text).map((f) => f.type);
const spanOf = (text: string, f: Finding) => text.slice(f.start, f.end);

describe('PII detectors validate, not just match', () => {
  it.each([
    ['CREDIT_CARD', 'pay with 4111-1111-1111-1111 today', '4111-1111-1111-1111'],
    ['CREDIT_CARD', 'amex 3714 496353 98431', '3714 496353 98431'],
    ['IBAN_CODE', 'IBAN GB82 WEST 1234 5698 7654 32 please', 'GB82 WEST 1234 5698 7654 32'],
    ['IBAN_CODE', 'client=DE89 3704 0044 0532 0130 00\n2026-11-03T10:00:00Z INFO', 'DE89 3704 0044 0532 0130 00'],
    ['IBAN_CODE', 'IBAN DE89\u00a03704\u20130044 0532.0130 00.', 'DE89\u00a03704\u20130044 0532.0130 00'],
    ['EMAIL_ADDRESS', 'write to jane.doe+ops@mail.example.co.uk.', 'jane.doe+ops@mail.example.co.uk'],
    ['IP_ADDRESS', 'host 192.168.10.4:8080', '192.168.10.4'],
    ['IP_ADDRESS', 'gw [2001:db8::1]', '2001:db8::1'],
    ['PHONE_NUMBER', 'call +44 20 7946 0958 now', '+44 20 7946 0958'],
    ['US_SSN', 'SSN: 536-22-1234', '536-22-1234'],
    ['UK_NHS', 'NHS number 943 476 5919', '943 476 5919'],
    ['ES_NIF', 'DNI 12345678Z', '12345678Z'],
    ['IT_FISCAL_CODE', 'CF RSSMRA85T10A562S', 'RSSMRA85T10A562S'],
    ['AU_TFN', 'TFN 123 456 782', '123 456 782'],
    ['AU_ABN', 'ABN 51 824 753 556', '51 824 753 556'],
    ['CRYPTO', 'send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
  ])('%s in %j', (type, text, value) => {
    const hits = found(text).filter((f) => f.type === type);
    expect(hits.map((f) => spanOf(text, f))).toEqual([value]);
  });

  it.each([
    ['a 16-digit order number that fails Luhn', 'order 4111 1111 1111 1112', 'CREDIT_CARD'],
    ['an IBAN with a wrong check digit', 'GB83 WEST 1234 5698 7654 32', 'IBAN_CODE'],
    ['SSN area 000', '000-12-3456', 'US_SSN'],
    ['SSN area 666', '666-12-3456', 'US_SSN'],
    ['SSN area 9xx', '912-12-3456', 'US_SSN'],
    ['SSN group 00', '123-00-3456', 'US_SSN'],
    ['the Woolworth advertising SSN', '078-05-1120', 'US_SSN'],
    ['an out-of-range IPv4', '192.168.1.256', 'IP_ADDRESS'],
    ['a version number', 'v1.2.3.4.5', 'IP_ADDRESS'],
    ['an NHS number with a bad check digit', '943 476 5918', 'UK_NHS'],
    ['a date is not a phone number', 'on 2026-11-27 at noon', 'PHONE_NUMBER'],
    ['a bitcoin-shaped string with a bad checksum', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'CRYPTO'],
  ])('rejects %s', (_why, text, type) => {
    expect(types(text)).not.toContain(type);
  });

  it('uses context words to raise a weak match (Presidio-style)', () => {
    const bare = found('078051121', { profile: 'us_healthcare' }).find((f) => f.type === 'US_SSN')!;
    const withContext = found('my ssn is 078051121', { profile: 'us_healthcare' }).find((f) => f.type === 'US_SSN')!;
    expect(bare.score).toBeLessThan(0.5);
    expect(withContext.score).toBeGreaterThanOrEqual(0.5);
  });

  it('runs only the detectors of the profile', () => {
    const text = 'TFN 123 456 782, NHS 943 476 5919, SSN 536-22-1234';
    const regional = (profile: string) =>
      new Set(found(text, { profile } as any).map((f) => f.type).filter((t) => !['PHONE_NUMBER', 'CREDIT_CARD', 'IP_ADDRESS'].includes(t)));
    expect(regional('australia')).toEqual(new Set(['AU_TFN']));
    expect(regional('europe')).toEqual(new Set(['UK_NHS']));
    expect(regional('us_healthcare')).toEqual(new Set(['US_SSN']));
    expect(regional('all')).toEqual(new Set(['AU_TFN', 'UK_NHS', 'US_SSN']));
  });
});

describe('secret detectors', () => {
  const secrets = (text: string) => found(text).filter((f) => f.type === 'SECRET');

  it.each([
    ['openai-api-key', 'OPENAI_API_KEY=sk-proj-Xq3v9LkP2mN8bR4tY7wZ1cF6hJ0dS5gA3eU8iO2pQ9rT4yW7xV1nM6bK3jH8gF5dS2aZ9'],
    ['github-pat', 'token: ghp_4w6n1nobbl95xbtghnl4g16c8w8lmv3ef1nl'],
    ['aws-access-token', 'aws_access_key_id = AKIALALEMEL33243OLIB'],
    ['azure-storage-account-key', 'DefaultEndpointsProtocol=https;AccountName=st1;AccountKey=' + 'k3J9sQ2mP8xT4vB7nL1cR6yH0dF5gW2aZ8eU3iO7pK4jM9bN1qV6tX2sY5hG8fD3wA0rE7uI4oP1lC9zB6nM2k==' + ';EndpointSuffix=core.windows.net'],
    ['azure-ad-client-secret', 'client_secret=bP88Q~rcBcYjzzOhg1Hnn76Wm3jGgakZiZ.8vMgR'],
    ['private-key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmwIDAQABAoIBAQCWoNWLqr8O9TYz\n-----END RSA PRIVATE KEY-----'],
    ['jwt', 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
    ['uri-credentials', 'DATABASE_URL=postgres://app:Zq8#mW2vL9xR@db.internal:5432/app'],
    ['generic-api-key', 'api_key = "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"'],
  ])('%s', (rule, text) => {
    expect(secrets(text).map((f) => f.rule)).toContain(rule);
  });

  it.each([
    ['a password in prose', 'set password = "changeme" on first login'],
    ['a git SHA', 'commit = "9a038989604e8da62ecddbe2094b16ce1b778be1"'],
    ['a placeholder key', 'api_key = "<your-api-key-here>"'],
    ['an environment reference', 'password: ${DB_PASSWORD}'],
    ['AWS documentation example key', 'AKIAIOSFODNN7EXAMPLE'],
    ['a key id (not a key)', 'key_id = "7f3e9c1a-55b2-4d0e-9c1a-7f3e9c1a55b2"'],
    ['an identifier', 'token_type = "Bearer"'],
    ['a 32-character hash alone', '5d41402abc4b2a76b9719d911017c592'],
  ])('ignores %s', (_why, text) => {
    expect(secrets(text)).toEqual([]);
  });
});
