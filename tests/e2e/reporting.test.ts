import { graphql, startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';

let hub: Hub;
let analyst: Record<string, string>;

type SubgraphName = 'places' | 'people' | 'training' | 'funding';
const sql = <T = any>(subgraph: SubgraphName, text: string, bindings: unknown[] = []) =>
  hub.subgraphs[subgraph].db.orm.em.fork().getConnection().execute<T[]>(text, bindings);

beforeAll(async () => {
  analyst = await bearer('analyst');
  hub = await startHub();
});

afterAll(async () => {
  await hub?.stop();
});

const SERIES = `query($from: Date!, $to: Date!, $by: SeriesInterval!) { departement(code: "47") {
  mediationStatsSeries(from: $from, to: $to, by: $by) { id from to stats { id accompaniments hours } }
  passStatsSeries(from: $from, to: $to, by: $by) { from to stats { passesIssued passesRedeemed } }
  trainingStatsSeries(from: $from, to: $to, by: $by) { from to stats { sessionsHeld } }
  placeStatsSeries(from: $from, to: $to, by: $by) { from to stats { places } }
  mediationStats(from: $from, to: $to) { accompaniments }
  passStats(from: $from, to: $to) { passesIssued } } }`;

describe('indicator series through the gateway', () => {
  it('gives every month of a year in order, zeros included, each equal to a direct SQL count', async () => {
    const res = await hub.query(SERIES, { from: '2026-01-01', to: '2026-12-31', by: 'MONTH' }, analyst);
    expect(res.errors).toBeUndefined();
    const d = res.data.departement;
    const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);
    for (const series of [
      d.mediationStatsSeries,
      d.passStatsSeries,
      d.trainingStatsSeries,
      d.placeStatsSeries,
    ]) {
      expect(series.map((b: any) => b.from.slice(0, 7))).toEqual(months);
      expect(series[0].from).toBe('2026-01-01');
      expect(series[1].to).toBe('2026-02-28');
    }
    expect(d.mediationStatsSeries[0].id).toBe(d.mediationStatsSeries[0].stats.id);
    expect(d.mediationStatsSeries[0].id).toBe('MediationStats:departement:47:2026-01-01..2026-01-31');

    const activities = await sql<{ month: string; n: string }>(
      'people',
      `select to_char(date, 'YYYY-MM') as month, count(*) as n from activity
       where date between '2026-01-01' and '2026-12-31' group by 1`,
    );
    const issued = await sql<{ month: string; n: string }>(
      'funding',
      `select to_char(issued_on, 'YYYY-MM') as month, count(*) as n from pass
       where issued_on between '2026-01-01' and '2026-12-31' and status <> 'CANCELLED' group by 1`,
    );
    const count = (rows: { month: string; n: string }[], month: string) =>
      Number(rows.find((r) => r.month === month)?.n ?? 0);
    months.forEach((month, i) => {
      expect(d.mediationStatsSeries[i].stats.accompaniments).toBe(count(activities, month));
      expect(d.passStatsSeries[i].stats.passesIssued).toBe(count(issued, month));
    });
    const sum = (series: any[], f: (s: any) => number) => series.reduce((a, b) => a + f(b.stats), 0);
    expect(sum(d.mediationStatsSeries, (s) => s.accompaniments)).toBe(d.mediationStats.accompaniments);
    expect(sum(d.passStatsSeries, (s) => s.passesIssued)).toBe(d.passStats.passesIssued);
    expect(d.mediationStats.accompaniments).toBeGreaterThan(0);
  });

  it('clips quarters to the period, both ends included', async () => {
    const res = await hub.query(SERIES, { from: '2025-11-15', to: '2026-04-10', by: 'QUARTER' }, analyst);
    expect(res.errors).toBeUndefined();
    expect(res.data.departement.passStatsSeries.map((b: any) => [b.from, b.to])).toEqual([
      ['2025-11-15', '2025-12-31'],
      ['2026-01-01', '2026-03-31'],
      ['2026-04-01', '2026-04-10'],
    ]);
  });

  it('refuses `from` after `to` and periods over 10 years with BAD_USER_INPUT naming the argument', async () => {
    const query = `query($from: Date!, $to: Date!) { epci(siren: "200096956") {
      mediationStatsSeries(from: $from, to: $to, by: MONTH) { from } } }`;
    const reversed = await hub.query(query, { from: '2026-02-01', to: '2026-01-01' }, analyst);
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(reversed.data.epci.mediationStatsSeries).toBeNull();
    const long = await hub.query(query, { from: '2016-01-01', to: '2026-01-01' }, analyst);
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const tenYears = await hub.query(query, { from: '2016-01-01', to: '2025-12-31' }, analyst);
    expect(tenYears.errors).toBeUndefined();
    expect(tenYears.data.epci.mediationStatsSeries).toHaveLength(120);
  });
});

describe('small numbers', () => {
  const YEAR = { from: '2026-01-01', to: '2026-12-31' };
  const PASS_YEAR = { from: '2025-01-01', to: '2025-12-31' };

  async function communeWith(
    subgraph: SubgraphName,
    text: string,
    period = YEAR,
  ): Promise<{ code: string; n: number }> {
    const rows = await sql<{ code: string; n: string }>(subgraph, text, [period.from, period.to]);
    const small = rows.find((r: { n: string }) => Number(r.n) >= 1 && Number(r.n) <= 4);
    expect(small).toBeDefined();
    return { code: small!.code, n: Number(small!.n) };
  }

  it('withholds pass counts from 1 to 4 and their amounts from anonymous callers, not from a token', async () => {
    const { code, n } = await communeWith(
      'funding',
      `select c.beneficiary_insee_code as code, count(*) as n from pass p join carnet c on c.id = p.carnet_id
       where p.issued_on between ?::date and ?::date and p.status <> 'CANCELLED' group by 1 order by 2`,
      PASS_YEAR,
    );
    const query = `query($code: String!, $from: Date!, $to: Date!) { commune(inseeCode: $code) {
      passStats(from: $from, to: $to) { passesIssued amountIssuedCents passesCancelled withheld }
      passStatsSeries(from: $from, to: $to, by: QUARTER) { stats { passesIssued withheld } } } }`;
    const anonymous = await hub.query(query, { code, ...PASS_YEAR });
    expect(anonymous.errors).toBeUndefined();
    const stats = anonymous.data.commune.passStats;
    expect(stats.passesIssued).toBeNull();
    expect(stats.amountIssuedCents).toBeNull();
    expect(stats.withheld).toEqual(expect.arrayContaining(['passesIssued', 'amountIssuedCents']));
    // Whatever is shown is 0 (it reveals nobody) or at least the threshold.
    expect(stats.passesCancelled === null || stats.passesCancelled === 0 || stats.passesCancelled >= 5).toBe(
      true,
    );
    for (const bucket of anonymous.data.commune.passStatsSeries) {
      const issued = bucket.stats.passesIssued;
      expect(
        issued === null ? bucket.stats.withheld.includes('passesIssued') : issued === 0 || issued >= 5,
      ).toBe(true);
    }

    const exact = await hub.query(query, { code, ...PASS_YEAR }, analyst);
    expect(exact.data.commune.passStats.passesIssued).toBe(n);
    expect(exact.data.commune.passStats.withheld).toEqual([]);
  });

  it('withholds accompaniments, hours and theme rows below the threshold, also through _entities', async () => {
    const { code, n } = await communeWith(
      'people',
      'select insee_code as code, count(*) as n from activity where date between ?::date and ?::date group by 1 order by 2',
    );
    const fields = 'accompaniments hours topThemes { theme accompaniments } withheld';
    const anonymous = await hub.query(
      `query($code: String!) { commune(inseeCode: $code) { mediationStats(from: "${YEAR.from}", to: "${YEAR.to}") { ${fields} } } }`,
      { code },
    );
    const stats = anonymous.data.commune.mediationStats;
    expect(stats.accompaniments).toBeNull();
    expect(stats.hours).toBeNull();
    expect(stats.withheld).toEqual(expect.arrayContaining(['accompaniments', 'hours']));
    stats.topThemes.forEach((row: { accompaniments: number | null }, i: number) => {
      expect(row.accompaniments).toBeNull();
      expect(stats.withheld).toContain(`topThemes.${i}.accompaniments`);
    });

    // The subgraph's own entity path answers the same to an anonymous caller.
    const entities = await graphql(
      hub.subgraphs.people.server.http,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Commune {
        mediationStats(from: "${YEAR.from}", to: "${YEAR.to}") { accompaniments withheld } } } }`,
      { r: [{ __typename: 'Commune', inseeCode: code }] },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data._entities[0].mediationStats.accompaniments).toBeNull();

    const exact = await hub.query(
      `query($code: String!) { commune(inseeCode: $code) { mediationStats(from: "${YEAR.from}", to: "${YEAR.to}") { ${fields} } } }`,
      { code },
      analyst,
    );
    expect(exact.data.commune.mediationStats.accompaniments).toBe(n);
    expect(exact.data.commune.mediationStats.withheld).toEqual([]);
  });

  it('shows the département figures, far above the threshold, to anyone', async () => {
    const res = await hub.query(
      `{ departement(code: "47") { mediationStats(from: "${YEAR.from}", to: "${YEAR.to}") { accompaniments withheld } } }`,
    );
    expect(res.data.departement.mediationStats.accompaniments).toBeGreaterThan(4);
    expect(res.data.departement.mediationStats.withheld).toEqual([]);
  });
});
