import { Freshness, PlaceKind } from '../../../subgraphs/places/place/place.enums';
import {
  freshnessOf,
  kindFromTypologies,
  normaliseLabel,
  parseLabelList,
} from '../../../subgraphs/places/place/place.vocabulary';
import { FORMATIONS_LABELS, MODALITES_ACCES, SERVICES } from '../../../subgraphs/places/place/vocabularies';

describe('national vocabularies', () => {
  it('normalises curly apostrophes, extra spaces and case to the standard label', () => {
    expect(normaliseLabel(MODALITES_ACCES, 'Ce lieu n’accueille pas  de public')).toBe(
      "Ce lieu n'accueille pas de public",
    );
    expect(normaliseLabel(SERVICES, '  aide aux démarches administratives ')).toBe(
      'Aide aux démarches administratives',
    );
  });

  it('maps the variant "Étapes numériques (La Poste)" to the standard spelling', () => {
    expect(normaliseLabel(FORMATIONS_LABELS, 'Étapes numériques (La Poste)')).toBe(
      'Étapes numériques(La Poste)',
    );
  });

  it('splits |-separated values, drops duplicates and reports unknown ones', () => {
    expect(
      parseLabelList(
        SERVICES,
        'Aide aux démarches administratives|Aide aux démarches administratives|Cuisine',
      ),
    ).toEqual({
      labels: ['Aide aux démarches administratives'],
      unknown: ['Cuisine'],
    });
  });

  it('derives the map kind from typologies by priority', () => {
    expect(kindFromTypologies(['MUNI', 'RFS'])).toBe(PlaceKind.FRANCE_SERVICES);
    expect(kindFromTypologies(['TIERS_LIEUX', 'ASSO'])).toBe(PlaceKind.TIERS_LIEU);
    expect(kindFromTypologies(['BIB'])).toBe(PlaceKind.MEDIATHEQUE);
    expect(kindFromTypologies([])).toBe(PlaceKind.OTHER);
  });

  it('marks data over 18 months to update and 12 to 18 months to check', () => {
    const now = new Date('2026-11-21T00:00:00Z');
    expect(freshnessOf('2026-06-01', now)).toBe(Freshness.FRESH);
    expect(freshnessOf('2025-08-01', now)).toBe(Freshness.TO_CHECK);
    expect(freshnessOf('2025-01-01', now)).toBe(Freshness.TO_UPDATE);
  });
});
