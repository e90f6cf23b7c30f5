import { startHub, type Hub } from '../helpers/hub';
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
