import { cursorOf, lacoopConfigFromEnv } from '../../../subgraphs/people/lacoop/client';
import { mapActivite, mapUtilisateur } from '../../../subgraphs/people/lacoop/mapping';
import { generateDataset } from '../../helpers/lacoop-fake/dataset';

const dataset = generateDataset({ activities: 40, seed: 'unit' });
const structures = new Map(
  dataset.structures.map((s) => [s.id, { inseeCode: s.attributes.code_insee, placeId: null }]),
);
const mediators = new Map(
  dataset.users.filter((u) => u.attributes.mediateur).map((u) => [u.attributes.mediateur!.id!, u.id]),
);
const individual = dataset.activities.find(
  (a) => a.attributes.type === 'individuel' && a.attributes.type_lieu === 'domicile',
)!;
const withChange = (change: object) => ({
  ...individual,
  attributes: { ...individual.attributes, ...change },
});
const reason = (change: object) => {
  const mapped = mapActivite(withChange(change), mediators, structures);
  return mapped.ok ? 'ok' : mapped.reason;
};

describe('La Coop mapping', () => {
  it('maps a report at home to the participant’s commune', () => {
    const mapped = mapActivite(individual, mediators, structures);
    expect(mapped).toMatchObject({
      ok: true,
      value: {
        inseeCode: individual.attributes.lieu_code_insee,
        participantInseeCode: individual.attributes.lieu_code_insee,
        placeId: null,
        participantsCount: 1,
      },
    });
  });

  it.each([
    [{ thematiques: [] }, 'no thematique'],
    [{ thematiques: ['astrologie'] }, 'thematique "astrologie" is not a national mediation theme'],
    [{ duree: 0 }, 'duree 0 is outside 1–720 minutes'],
    [{ duree: 900 }, 'duree 900 is outside 1–720 minutes'],
    [{ accompagnements: 3 }, 'accompagnements 3 for individual help'],
    [{ type: 'visio' }, 'type "visio" is not a CRA activity type'],
    [{ materiel: ['aucun', 'ordinateur'] }, 'materiel "aucun" together with other equipment'],
    [{ date: '2999-01-01' }, 'date "2999-01-01" is not a past date'],
    [{ lieu_code_insee: null }, 'type_lieu domicile without lieu_code_insee'],
    [{ lieu_code_insee: '33063' }, "commune 33063 is outside the hub's territory"],
  ])('rejects %j: %s', (change, expected) => {
    expect(reason(change)).toBe(expected);
  });

  it('places a user by the commune of their current workplace, and skips users who are no mediators', () => {
    const [mediator] = dataset.users.filter((u) => u.attributes.mediateur);
    expect(mapUtilisateur(mediator, structures)).toMatchObject({
      ok: true,
      value: { mediatorId: mediator.attributes.mediateur!.id },
    });
    const nobody = dataset.users.find((u) => !u.attributes.mediateur && !u.attributes.coordinateur)!;
    expect(mapUtilisateur(nobody, structures)).toBeNull();
    const retired = {
      ...mediator,
      attributes: {
        ...mediator.attributes,
        emplois: [],
        mediateur: { id: mediator.attributes.mediateur!.id, en_activite: [] },
      },
    };
    expect(mapUtilisateur(retired, structures)).toMatchObject({ ok: false });
  });
});

describe('La Coop client configuration', () => {
  it('reads next cursors from string links and from { href } links', () => {
    expect(cursorOf('https://x/api/v1/activites?page%5Bafter%5D=abc')).toBe('abc');
    expect(cursorOf({ href: 'https://x/api/v1/activites?page[size]=10&page[after]=def' })).toBe('def');
    expect(cursorOf(undefined)).toBeNull();
  });

  it('builds the token from the client id and secret, and refuses bad numbers', () => {
    expect(lacoopConfigFromEnv({})).toBeNull();
    expect(
      lacoopConfigFromEnv({
        LACOOP_API_URL: 'https://x/api/v1',
        LACOOP_CLIENT_ID: 'id',
        LACOOP_CLIENT_SECRET: 's',
      }),
    ).toMatchObject({ token: 'id:s', pageSize: 500, ratePerSecond: 5 });
    expect(() =>
      lacoopConfigFromEnv({ LACOOP_API_URL: 'https://x', LACOOP_API_TOKEN: 't', LACOOP_PAGE_SIZE: '501' }),
    ).toThrow(/LACOOP_PAGE_SIZE/);
    expect(() => lacoopConfigFromEnv({ LACOOP_API_URL: 'https://x' })).toThrow(/LACOOP_API_TOKEN/);
  });
});
