import { randomUUID } from 'node:crypto';
import { isPlaceholderGuid } from '../../report/placeholders';

describe('placeholder GUIDs', () => {
  it('flags GUIDs made of runs of one digit: nil, this template, Microsoft Learn examples', () => {
    for (const g of [
      '00000000-0000-0000-0000-000000000000',
      'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
      '00000000-0000-4000-8000-000000001001',
      '00000000-0000-4000-8000-0000000000aa',
      '00001111-aaaa-2222-bbbb-3333cccc4444',
      'aaaabbbb-0000-cccc-1111-dddd2222eeee',
      '11111111-1111-1111-1111-111111111111',
    ]) {
      expect({ g, placeholder: isPlaceholderGuid(g) }).toEqual({ g, placeholder: true });
    }
  });

  it('never flags a random (version 4) GUID', () => {
    const flagged = Array.from({ length: 20_000 }, () => randomUUID()).filter(isPlaceholderGuid);
    expect(flagged).toEqual([]);
    expect(isPlaceholderGuid('72f988bf-86f1-41af-91ab-2d7cd011db47')).toBe(false);
  });

  it('is false for anything that is not a GUID', () => {
    for (const v of ['', '0000', '00000000-0000-0000-0000-00000000000', '${azurerm_x.y.principal_id}', 42, null, undefined]) expect(isPlaceholderGuid(v)).toBe(false);
  });
});
