import {
  checkRecord,
  checkTerritory,
  normalisePhone,
  normaliseRecord,
} from '../../../subgraphs/places/import/check';
import { nameSimilarity } from '../../../subgraphs/places/import/apply';

describe('normalising a record before judging it', () => {
  it('fixes what real files get wrong and says what it changed', () => {
    const { cells, changes } = normaliseRecord({
      id: ' a1 ',
      telephone: '05 53 69 00 00',
      services: 'aide aux demarches administratives | Maîtrise des outils numériques du quotidien',
      modalites_acces: 'Ce lieu n’accueille pas de public',
      latitude: '44,2031',
      date_maj: '02/04/2024',
      pivot: '434 933 123 00029',
    });
    expect(cells).toMatchObject({
      id: 'a1',
      telephone: '+33553690000',
      services: 'Aide aux démarches administratives|Maîtrise des outils numériques du quotidien',
      modalites_acces: "Ce lieu n'accueille pas de public",
      latitude: '44.2031',
      date_maj: '2024-04-02',
      pivot: '43493312300029',
    });
    expect(changes.map((c) => c.field).sort()).toEqual(
      ['date_maj', 'id', 'latitude', 'modalites_acces', 'pivot', 'services', 'telephone'].sort(),
    );
    expect(changes.find((c) => c.field === 'date_maj')!.why).toContain('guess');
  });

  it.each([
    ['05 53 69 00 00', '+33553690000'],
    ['+33 (0)5 53 69 00 00', '+33553690000'],
    ['0033553690000', '+33553690000'],
    ['+262262000000', '+262262000000'],
    ['12', null],
  ])('reads the phone number %s as %s', (raw, e164) => expect(normalisePhone(raw)).toBe(e164));
});

describe('territory and SIRET checks', () => {
  it('accepts a coherent INSEE code and postal code, refuses an incoherent pair in words', () => {
    expect(checkTerritory({ code_insee: '47001', code_postal: '47000' })).toMatchObject({ kind: 'inside' });
    const bad = checkTerritory({ code_insee: '47001', code_postal: '47300' });
    expect(bad).toMatchObject({ kind: 'incoherent', problem: { field: 'code_postal' } });
    expect(bad.kind === 'incoherent' && bad.problem.problem).toContain('Agen');
  });

  it('finds a missing INSEE code from the postal code and commune, and skips other départements', () => {
    expect(checkTerritory({ code_insee: '', code_postal: '47600', commune: 'Nérac' })).toMatchObject({
      kind: 'inside',
      inseeCode: '47195',
    });
    expect(checkTerritory({ code_insee: '51454', code_postal: '51100' })).toMatchObject({ kind: 'outside' });
    expect(checkTerritory({ code_insee: '47001', code_postal: '47000' }, '33')).toMatchObject({
      kind: 'outside',
    });
  });

  it('refuses a SIRET whose check digit is wrong', () => {
    const problems = checkRecord({
      id: 'x',
      pivot: '43493312300028',
      nom: 'Lieu',
      commune: 'Agen',
      code_postal: '47000',
      adresse: '1 rue',
      date_maj: '2024-01-01',
    });
    expect(problems).toEqual([
      expect.objectContaining({ field: 'pivot', problem: expect.stringContaining('check digit') }),
    ]);
  });
});

describe('name similarity for deduplication', () => {
  it('is high for the same name written differently, low for another place', () => {
    expect(nameSimilarity('Médiathèque de Nérac', 'MEDIATHEQUE DE NERAC')).toBe(1);
    expect(nameSimilarity('Tiers-lieu du round trip', 'Tiers lieu du round-trip')).toBeGreaterThan(0.6);
    expect(nameSimilarity('Mairie de Agen', 'France services Nérac')).toBeLessThan(0.3);
  });
});
