import { bearer } from '../../helpers/auth';
import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';
import { subgraphs } from '../../../subgraphs/registry';
import { BY_PLACE_LIMIT } from '../../../subgraphs/people/territory/mediation-stats';
import { stableId } from '../../../seeds/ids';
import { territoryReference } from '../../../subgraphs/shared/territory';

/**
 * `byPlace` of a territory: the database sums each territory's communes and sends only its first BY_PLACE_LIMIT
 * places. Here two communes of one EPCI each have more places than that, and one place is below the limit in both
 * communes but among the EPCI's first through their sum.
 */
let people: RunningSubgraph;
let analyst: Record<string, string>;
const sql = <T>(text: string, bindings: unknown[] = []): Promise<T[]> =>
  people.db.orm.em.fork().getConnection().execute<T[]>(text, bindings);

const EPCI = territoryReference().epciOf('47001')!;
const EPCI_COMMUNES = territoryReference().communesOf('epci', EPCI);
const [A, B] = EPCI_COMMUNES;
// A year the seeds leave empty, so that the places below are the only ones.
const PERIOD = { from: '2019-01-01', to: '2019-12-31' };
const placeId = (commune: string, n: number) => stableId('place', `by-place-test:${commune}:${n}`);
const SPLIT = stableId('place', 'by-place-test:split');

beforeAll(async () => {
  analyst = await bearer('analyst');
  people = await startSubgraph(subgraphs.find((s) => s.definition.name === 'people')!);
  // In each commune, BY_PLACE_LIMIT + 1 places with 20, 21, … reports; the split place has 19 in each commune
  // (below all of them there), 38 in the EPCI (above most).
  const reports: [string, string, number][] = [];
  for (const commune of [A, B])
    for (let n = 0; n <= BY_PLACE_LIMIT; n++) reports.push([placeId(commune, n), commune, 20 + n]);
  reports.push([SPLIT, A, 19], [SPLIT, B, 19]);
  const rows = reports.flatMap(([place, commune, count]) =>
    Array.from({ length: count }, (_, i) => [
      place,
      commune,
      `2019-0${1 + (i % 9)}-1${i % 10}`,
      15 + 15 * (i % 3),
    ]),
  );
  await sql(
    `insert into activity (id, person_id, location_type, place_id, insee_code, date, type, duration_minutes, themes,
       participants_count, created_at, updated_at)
     select gen_random_uuid(), ?::uuid, 'lieu_activite', r.place::uuid, r.commune, r.date::date, 'individuel',
       r.minutes, '{email}', 1, now(), now()
     from jsonb_to_recordset(?::jsonb) as r(place text, commune text, date text, minutes int)`,
    [
      stableId('person', 'conseiller-01'),
      JSON.stringify(rows.map(([place, commune, date, minutes]) => ({ place, commune, date, minutes }))),
    ],
  );
});

afterAll(async () => {
  await people?.server.stop();
  await people?.db.close();
});

/** The territory's first places as SQL counts them from the reports, in byPlace's order. */
async function byPlaceBySql(codes: string[]) {
  const rows = await sql<{ id: string; n: string; p: string; m: string }>(
    `select place_id::text as id, count(*) as n, sum(participants_count) as p, sum(duration_minutes) as m
     from activity where place_id is not null and insee_code = any(?::text[]) and date between ? and ?
     group by place_id order by count(*) desc, sum(participants_count) desc, place_id::text collate "C" limit ?`,
    [`{${codes.join(',')}}`, PERIOD.from, PERIOD.to, BY_PLACE_LIMIT],
  );
  return rows.map((r) => ({
    place: { id: r.id },
    accompaniments: Number(r.n),
    participants: Number(r.p),
    hours: Math.round(Number(r.m) / 6) / 10,
  }));
}

/** `byPlace` of each territory, asked in one request (one loader batch, so one SQL statement). */
async function byPlace(...territories: Record<string, string>[]) {
  const res = await graphql(
    people.server.http,
    `
      query ($r: [_Any!]!, $from: Date!, $to: Date!) {
        _entities(representations: $r) {
          ... on Commune {
            mediationStats(from: $from, to: $to) {
              ...places
            }
          }
          ... on Epci {
            mediationStats(from: $from, to: $to) {
              ...places
            }
          }
        }
      }
      fragment places on MediationStats {
        byPlace {
          place {
            id
          }
          accompaniments
          participants
          hours
        }
      }
    `,
    { r: territories, ...PERIOD },
    analyst,
  );
  expect(res.errors).toBeUndefined();
  return res.data._entities.map((e: any) => e.mediationStats.byPlace);
}

describe('mediationStats byPlace when communes have more places than it lists', () => {
  it("gives each commune's first places and the EPCI's, a place split between communes included, as SQL counts them", async () => {
    const [inA] = await byPlace({ __typename: 'Commune', inseeCode: A });
    expect(inA).toEqual(await byPlaceBySql([A]));
    expect(inA.map((r: any) => r.place.id)).not.toContain(SPLIT);

    const [epci] = await byPlace({ __typename: 'Epci', siren: EPCI });
    expect(epci).toEqual(await byPlaceBySql(EPCI_COMMUNES));
    expect(epci).toHaveLength(BY_PLACE_LIMIT);
    expect(epci.map((r: any) => r.place.id)).toContain(SPLIT);
  });

  it('gives a commune and its EPCI asked together (their communes in one statement) what each gets alone', async () => {
    const [inB, epci, inA] = await byPlace(
      { __typename: 'Commune', inseeCode: B },
      { __typename: 'Epci', siren: EPCI },
      { __typename: 'Commune', inseeCode: A },
    );
    expect(inB).toEqual(await byPlaceBySql([B]));
    expect(epci).toEqual(await byPlaceBySql(EPCI_COMMUNES));
    expect(inA).toEqual(await byPlaceBySql([A]));
  });
});
