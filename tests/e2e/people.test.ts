import { startHub, type Hub } from '../helpers/hub';
import { stableId } from '../../seeds/ids';
import { seedPeople } from '../../seeds/catalog/people';
import { territoryReference } from '../../subgraphs/shared/territory';
import { bearer } from '../helpers/auth';

let admin: Record<string, string>;
// Personal data and activity reports need a token; access rules are tested in auth.test.ts.
const adminQuery = (query: string, variables?: Record<string, unknown>) => hub.query(query, variables, admin);

let hub: Hub;
const peopleSql = <T = any>(sql: string, bindings: unknown[] = []) =>
  hub.subgraphs.people.db.orm.em.fork().getConnection().execute<T[]>(sql, bindings);

beforeAll(async () => {
  process.env.MAX_PAGE_SIZE = '1000';
  admin = await bearer('admin');
  hub = await startHub();
});

afterAll(async () => {
  delete process.env.MAX_PAGE_SIZE;
  await hub?.stop();
});

const PERIOD = { from: '2026-01-01', to: '2026-06-30' };

describe('people through the gateway', () => {
  it('returns a place with its permanences and the conseillers there in one query', async () => {
    const res = await adminQuery(
      `query($id: ID!) { place(id: $id) { name openingHours
         permanences { openingHours person { firstName role } }
         conseillers { firstName role employer { name } } } }`,
      { id: stableId('place', 'cms:agen') },
    );
    expect(res.errors).toBeUndefined();
    const place = res.data.place;
    expect(place.name).toBe("Centre médico-social d'Agen");
    expect(place.permanences.length).toBeGreaterThan(1);
    const conseiller = seedPeople().find((p) => p.key === 'conseiller-01')!;
    expect(place.conseillers).toContainEqual({
      firstName: conseiller.firstName,
      role: 'CONSEILLER_NUMERIQUE',
      employer: { name: 'Département de Lot-et-Garonne' },
    });
    expect(place.permanences.map((p: any) => p.person.role)).toEqual(
      expect.arrayContaining(['CONSEILLER_NUMERIQUE', 'AIDANT_NUMERIQUE']),
    );
  });

  it('says who is there at a given time', async () => {
    const query = `query($id: ID!, $at: DateTime!) { place(id: $id) { permanences(at: $at) { presentAt(at: $at) person { role } } } }`;
    const id = stableId('place', 'cms:agen');
    const tuesday = await adminQuery(query, { id, at: '2026-11-17T09:00:00Z' });
    expect(tuesday.errors).toBeUndefined();
    expect(tuesday.data.place.permanences.length).toBeGreaterThan(0);
    expect(tuesday.data.place.permanences.every((p: any) => p.presentAt)).toBe(true);
    const sunday = await adminQuery(query, { id, at: '2026-11-22T09:00:00Z' });
    expect(sunday.data.place.permanences).toEqual([]);
  });

  it("lists an organization's staff and a person's employer across subgraphs", async () => {
    const res = await adminQuery(
      `query($org: ID!, $person: ID!) {
         organization(id: $org) { name staff { role } }
         person(id: $person) { firstName employer { name } commune { name } } }`,
      { org: stableId('organization', 'lgnum'), person: stableId('person', 'conseiller-05') },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.organization.staff.filter((p: any) => p.role === 'CONSEILLER_NUMERIQUE')).toHaveLength(3);
    expect(res.data.person.employer.name).toMatch(/LGNum/);
    expect(res.data.person.commune.name).toBe('Agen');
  });

  it('answers the FNE table per EPCI with numbers matching a direct SQL count', async () => {
    const res = await adminQuery(
      `query($from: Date!, $to: Date!) { departement(code: "47") {
         mediationStats(from: $from, to: $to) { accompaniments conseillers }
         epcis { siren name mediationStats(from: $from, to: $to) {
           conseillers aidants habilitatedAidants accompaniments individualAccompaniments collectiveAccompaniments
           participants hours topThemes { theme accompaniments } } } } }`,
      PERIOD,
    );
    expect(res.errors).toBeUndefined();
    const epcis = res.data.departement.epcis;
    expect(epcis).toHaveLength(12);
    const territory = territoryReference();
    for (const epci of epcis) {
      const communes = `{${territory.communesOf('epci', epci.siren).join(',')}}`;
      const [activity] = await peopleSql(
        `select count(*)::int as accompaniments, count(*) filter (where type = 'collectif')::int as collective,
           coalesce(sum(participants_count), 0)::int as participants, coalesce(sum(duration_minutes), 0)::int as minutes
         from activity where insee_code = any(?::text[]) and date between ? and ?`,
        [communes, PERIOD.from, PERIOD.to],
      );
      const [people] = await peopleSql(
        `select count(*) filter (where role = 'CONSEILLER_NUMERIQUE')::int as conseillers,
           count(*) filter (where role = 'AIDANT_NUMERIQUE')::int as aidants,
           count(*) filter (where role = 'AIDANT_NUMERIQUE' and aidants_connect_habilitated_on <= ?)::int as habilitated
         from person where insee_code = any(?::text[])`,
        [PERIOD.to, communes],
      );
      const stats = epci.mediationStats;
      expect(stats).toMatchObject({
        accompaniments: activity.accompaniments,
        collectiveAccompaniments: activity.collective,
        individualAccompaniments: activity.accompaniments - activity.collective,
        participants: activity.participants,
        hours: Math.round(activity.minutes / 6) / 10,
        conseillers: people.conseillers,
        aidants: people.aidants,
        habilitatedAidants: people.habilitated,
      });
      expect(stats.topThemes.length).toBeLessThanOrEqual(5);
    }
    const total = epcis.reduce((a: number, e: any) => a + e.mediationStats.accompaniments, 0);
    expect(total).toBeGreaterThan(0);
    expect(res.data.departement.mediationStats.accompaniments).toBe(total);
    expect(res.data.departement.mediationStats.conseillers).toBe(39);
  });

  it('computes the stats of a batch of territories with one SQL statement', async () => {
    const people = hub.subgraphs.people.server.metrics;
    const before = people.sqlStatements;
    const res = await adminQuery(
      `{ departement(code: "47") { epcis { communes { mediationStats(from: "2026-01-01", to: "2026-12-31") { accompaniments } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.departement.epcis.flatMap((e: any) => e.communes)).toHaveLength(319);
    expect(people.sqlStatements - before).toBe(1);
  });

  it('keeps the statements of places { conseillers } constant as the page grows', async () => {
    const people = hub.subgraphs.people.server.metrics;
    const statements = async (first: number) => {
      const before = people.sqlStatements;
      const res = await adminQuery(
        'query($first: Int!) { places(first: $first) { edges { node { name conseillers { firstName } } } } }',
        { first },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.places.edges).toHaveLength(first);
      return people.sqlStatements - before;
    };
    const small = await statements(10);
    const large = await statements(100);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });
});
