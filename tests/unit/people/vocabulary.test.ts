import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ActivityAutonomy,
  ActivityEquipment,
  ActivityLocationType,
  ActivityTheme,
  ActivityType,
  ParticipantSocialStatus,
  WorkshopLevel,
} from '../../../subgraphs/people/vocabulary';
import { ParticipantAgeBand } from '../../../subgraphs/shared/age-band';

// The public reference sits next to the repository (`../shared/reference`), as the issues say.
const REFERENCE = resolve(
  __dirname,
  '../../../../shared/reference/coop-mediation-numerique.api-v1.openapi.json',
);
const api = existsSync(REFERENCE) ? JSON.parse(readFileSync(REFERENCE, 'utf8')) : null;
const activite = api?.components.schemas.Activite.properties.attributes.properties;
const craV1 = (api?.components.schemas.ArchiveCraV1.properties.attributes.required ?? []) as string[];

(api ? describe : describe.skip)('the activity vocabularies follow the national activity report', () => {
  it.each([
    ['type', ActivityType, activite?.type.enum],
    ['type_lieu', ActivityLocationType, activite?.type_lieu.enum],
    ['autonomie', ActivityAutonomy, activite?.autonomie.enum],
    ['materiel', ActivityEquipment, activite?.materiel.items.enum],
    ['thematiques', ActivityTheme, activite?.thematiques.items.enum],
    ['niveau_atelier', WorkshopLevel, activite?.niveau_atelier.enum],
  ])('stores the national codes of `%s`', (_field, vocabulary, codes) => {
    expect(Object.values(vocabulary)).toEqual(codes);
  });

  it('takes age bands and social statuses from the CRA v1 columns', () => {
    expect(Object.values(ParticipantAgeBand).every((v) => craV1.includes(v))).toBe(true);
    expect(Object.values(ParticipantSocialStatus).every((v) => craV1.includes(v))).toBe(true);
    expect(craV1.filter((c) => /^(age|statut)_/.test(c))).toHaveLength(10);
  });
});
