import { graphql, startHub, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';
import { stableId } from '../../seeds/ids';
import {
  ACTIVITY_ROLLUP_FROM_RAW,
  rebuildActivityRollup,
} from '../../subgraphs/people/activity/activity-rollup';
import { BY_PLACE_LIMIT } from '../../subgraphs/people/territory/mediation-stats';
import { MEDIATION_THEMES } from '../../subgraphs/shared/mediation-themes';
import { ParticipantAgeBand as AGE_BANDS } from '../../subgraphs/shared/age-band';
import { ParticipantSocialStatus as SOCIAL_STATUSES } from '../../subgraphs/people/vocabulary';
import type { EntityManager } from '@mikro-orm/postgresql';

let hub: Hub;
let analyst: Record<string, string>;

type SubgraphName = 'places' | 'people' | 'training' | 'funding';
const sql = async <T = any>(subgraph: SubgraphName, text: string, bindings: unknown[] = []): Promise<T[]> =>
  (await hub.subgraphs[subgraph].db.orm.em.fork().getConnection().execute(text, bindings)) as T[];

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

describe('FNE report figures against SQL', () => {
  const PERIOD = { from: '2026-01-01', to: '2026-12-31' };
  const REPORT = `query($from: Date!, $to: Date!) { departement(code: "47") { epcis { siren population
    placeStats(from: $from, to: $to) { places inhabitantsPerPlace }
    mediationStats(from: $from, to: $to) { conseillers inhabitantsPerConseiller
      byTheme { theme accompaniments }
      byAgeBand { ageBand accompaniments participants }
      bySocialStatus { socialStatus accompaniments participants } } } } }`;

  it('gives breakdowns by theme, age band and social status and ratios to the population, as SQL counts them', async () => {
    const res = await hub.query(REPORT, PERIOD, analyst);
    expect(res.errors).toBeUndefined();
    const communes = await sql<{ insee_code: string; epci_siren: string; population: number }>(
      'places',
      'select insee_code, epci_siren, population from commune',
    );
    const epciOf = new Map(communes.map((c) => [c.insee_code, c.epci_siren]));
    const places = await sql<{ insee_code: string; n: string }>(
      'places',
      `select insee_code, count(*) as n from place where created_at < ?::date + interval '1 day' group by 1`,
      [PERIOD.to],
    );
    const bands = await sql<{ insee_code: string; band: string; n: string; p: string }>(
      'people',
      `select insee_code, participant_age_band as band, count(*) as n, sum(participants_count) as p from activity
       where date between ?::date and ?::date and participant_age_band is not null group by 1, 2`,
      [PERIOD.from, PERIOD.to],
    );
    const statuses = await sql<{ insee_code: string; status: string; n: string; p: string }>(
      'people',
      `select insee_code, participant_social_status as status, count(*) as n, sum(participants_count) as p from activity
       where date between ?::date and ?::date and participant_social_status is not null group by 1, 2`,
      [PERIOD.from, PERIOD.to],
    );
    const themes = await sql<{ insee_code: string; theme: string; n: string }>(
      'people',
      `select insee_code, t.theme, count(*) as n from activity cross join lateral unnest(themes) as t(theme)
       where date between ?::date and ?::date group by 1, 2`,
      [PERIOD.from, PERIOD.to],
    );
    const total = (
      rows: Record<string, any>[],
      siren: string,
      keep: (r: any) => boolean,
      f: (r: any) => string,
    ) =>
      rows.filter((r) => epciOf.get(r.insee_code) === siren && keep(r)).reduce((a, r) => a + Number(f(r)), 0);
    const upper = (s: string) => s.toUpperCase();
    let nonZero = 0;
    for (const epci of res.data.departement.epcis) {
      const population = communes
        .filter((c) => c.epci_siren === epci.siren)
        .reduce((a, c) => a + c.population, 0);
      expect(population).toBe(epci.population);
      const placeCount = total(
        places,
        epci.siren,
        () => true,
        (r) => r.n,
      );
      expect(epci.placeStats.places).toBe(placeCount);
      expect(epci.placeStats.inhabitantsPerPlace).toBe(
        placeCount ? Math.round((population / placeCount) * 10) / 10 : null,
      );
      const m = epci.mediationStats;
      expect(m.inhabitantsPerConseiller).toBe(
        m.conseillers ? Math.round((population / m.conseillers) * 10) / 10 : null,
      );
      expect(m.byAgeBand).toHaveLength(5);
      for (const row of m.byAgeBand) {
        expect(row.accompaniments).toBe(
          total(
            bands,
            epci.siren,
            (r) => upper(r.band) === row.ageBand,
            (r) => r.n,
          ),
        );
        expect(row.participants).toBe(
          total(
            bands,
            epci.siren,
            (r) => upper(r.band) === row.ageBand,
            (r) => r.p,
          ),
        );
        nonZero += row.accompaniments;
      }
      for (const row of m.bySocialStatus) {
        expect(row.accompaniments).toBe(
          total(
            statuses,
            epci.siren,
            (r) => upper(r.status) === row.socialStatus,
            (r) => r.n,
          ),
        );
        expect(row.participants).toBe(
          total(
            statuses,
            epci.siren,
            (r) => upper(r.status) === row.socialStatus,
            (r) => r.p,
          ),
        );
      }
      const expectedThemes = new Set(
        themes.filter((r) => epciOf.get(r.insee_code) === epci.siren).map((r) => r.theme),
      );
      expect(m.byTheme).toHaveLength(expectedThemes.size);
      for (const row of m.byTheme) {
        expect(row.accompaniments).toBe(
          total(
            themes,
            epci.siren,
            (r) => upper(r.theme) === row.theme,
            (r) => r.n,
          ),
        );
      }
    }
    expect(nonZero).toBeGreaterThan(0);
  });
});

/** The figures of mediationStats for a set of communes (or an organization's staff) and a period, by direct SQL. */
async function mediationBySql(
  scope: { codes: string[] } | { organization: string },
  period: { from: string; to: string },
) {
  const where =
    'codes' in scope
      ? 'a.insee_code = any(?::text[])'
      : 'a.person_id in (select id from person where employer_id = ?)';
  const key = 'codes' in scope ? `{${scope.codes.join(',')}}` : scope.organization;
  const bind = [key, period.from, period.to];
  const of = `from activity a where ${where} and a.date between ?::date and ?::date`;
  const [totals] = await sql<Record<string, string>>(
    'people',
    `select count(*) as n, count(*) filter (where a.type <> 'collectif') as individual,
       count(*) filter (where a.type = 'collectif') as collective, coalesce(sum(a.participants_count), 0) as p,
       coalesce(sum(a.duration_minutes), 0) as m ${of}`,
    bind,
  );
  const themes = await sql<{ theme: string; n: string }>(
    'people',
    `select t.theme, count(*) as n from activity a cross join unnest(a.themes) as t(theme)
     where ${where} and a.date between ?::date and ?::date group by 1`,
    bind,
  );
  const bands = await sql<{ v: string; n: string; p: string }>(
    'people',
    `select a.participant_age_band as v, count(*) as n, sum(a.participants_count) as p ${of}
       and a.participant_age_band is not null group by 1`,
    bind,
  );
  const statuses = await sql<{ v: string; n: string; p: string }>(
    'people',
    `select a.participant_social_status as v, count(*) as n, sum(a.participants_count) as p ${of}
       and a.participant_social_status is not null group by 1`,
    bind,
  );
  const places = await sql<{ id: string; n: string; p: string; m: string }>(
    'people',
    `select a.place_id::text as id, count(*) as n, sum(a.participants_count) as p, sum(a.duration_minutes) as m
     ${of} and a.place_id is not null group by 1 order by 2 desc, 3 desc, a.place_id::text collate "C" limit ${BY_PLACE_LIMIT}`,
    bind,
  );
  const people = await sql<{ role: string; n: string; h: string }>(
    'people',
    `select role, count(*) as n, count(*) filter (where aidants_connect_habilitated_on <= ?::date) as h
     from person where ${'codes' in scope ? 'insee_code = any(?::text[])' : 'employer_id = ?'}
       and created_at < ?::date + interval '1 day' group by 1`,
    [period.to, key, period.to],
  );
  const role = (r: string) => people.find((x) => x.role === r);
  const upper = (s: string) => s.toUpperCase();
  return {
    conseillers: Number(role('CONSEILLER_NUMERIQUE')?.n ?? 0),
    aidants: Number(role('AIDANT_NUMERIQUE')?.n ?? 0),
    habilitatedAidants: Number(role('AIDANT_NUMERIQUE')?.h ?? 0),
    accompaniments: Number(totals.n),
    individualAccompaniments: Number(totals.individual),
    collectiveAccompaniments: Number(totals.collective),
    participants: Number(totals.p),
    hours: Math.round(Number(totals.m) / 6) / 10,
    byTheme: themes
      .map((t) => ({ theme: upper(t.theme), accompaniments: Number(t.n) }))
      .sort((x, y) => y.accompaniments - x.accompaniments || x.theme.localeCompare(y.theme)),
    byAgeBand: Object.entries(AGE_BANDS).map(([ageBand, code]) => ({
      ageBand,
      accompaniments: Number(bands.find((b) => b.v === code)?.n ?? 0),
      participants: Number(bands.find((b) => b.v === code)?.p ?? 0),
    })),
    bySocialStatus: Object.entries(SOCIAL_STATUSES).map(([socialStatus, code]) => ({
      socialStatus,
      accompaniments: Number(statuses.find((b) => b.v === code)?.n ?? 0),
      participants: Number(statuses.find((b) => b.v === code)?.p ?? 0),
    })),
    byPlace: places.map((p) => ({
      place: { id: p.id },
      accompaniments: Number(p.n),
      participants: Number(p.p),
      hours: Math.round(Number(p.m) / 6) / 10,
    })),
  };
}

const MEDIATION_FIELDS = `conseillers aidants habilitatedAidants accompaniments individualAccompaniments
  collectiveAccompaniments participants hours byTheme { theme accompaniments }
  byAgeBand { ageBand accompaniments participants } bySocialStatus { socialStatus accompaniments participants }
  byPlace { place { id } accompaniments participants hours } topThemes { theme accompaniments } withheld`;

/** Every figure of a mediationStats answer against SQL (byTheme's ties in any order). */
function expectSameMediation(actual: any, expected: Awaited<ReturnType<typeof mediationBySql>>) {
  const { byTheme, topThemes, withheld, ...rest } = actual;
  const { byTheme: sqlThemes, ...sqlRest } = expected;
  expect(rest).toEqual(sqlRest);
  expect(withheld).toEqual([]);
  const sorted = (rows: { theme: string; accompaniments: number }[]) =>
    [...rows].sort((x, y) => x.theme.localeCompare(y.theme));
  expect(sorted(byTheme)).toEqual(sorted(sqlThemes));
  const counts = byTheme.map((t: { accompaniments: number }) => t.accompaniments);
  expect(counts).toEqual([...counts].sort((x, y) => y - x));
  expect(topThemes).toEqual(byTheme.slice(0, 5));
}

describe('rollups', () => {
  const RECORD = 'mutation($input: ActivityInput!) { recordActivity(input: $input) { id } }';
  const COMMUNES = ['47001', '47002', '47157', '47323', '47100'];
  const THEMES = Object.keys(MEDIATION_THEMES) as (keyof typeof MEDIATION_THEMES)[];
  // The employer scope: the person's employer now (reports of people without one are in no employer's rows).
  const SCOPES = {
    c: 'a.insee_code::text',
    p: 'a.person_id::text',
    o: '(select employer_id::text from person where id = a.person_id)',
  };
  const GRAINS = { d: 'a.date', m: "date_trunc('month', a.date)::date" };
  const DIMENSIONS: Record<string, { join?: string; value: string; when?: string }> = {
    all: { value: "''" },
    theme: { join: 'cross join unnest(a.themes) as t(theme)', value: 't.theme' },
    age: { value: 'a.participant_age_band', when: 'a.participant_age_band is not null' },
    status: { value: 'a.participant_social_status', when: 'a.participant_social_status is not null' },
    place: { value: 'a.place_id::text', when: 'a.place_id is not null' },
  };
  // The rollup as plain GROUP BYs of the raw rows, one per scope, grain and dimension (not the rebuild's SQL).
  const RAW = Object.entries(SCOPES)
    .flatMap(([scope, scopeId]) =>
      Object.entries(GRAINS).flatMap(([grain, start]) =>
        Object.entries(DIMENSIONS).map(
          ([dimension, d]) => `select '${scope}' as scope, ${scopeId} as scope_id, '${grain}' as grain,
             (${start})::text as start, '${dimension}' as dimension, ${d.value} as value, count(*) as accompaniments,
             count(*) filter (where a.type <> 'collectif') as individual,
             count(*) filter (where a.type = 'collectif') as collective,
             sum(a.participants_count) as participants, sum(a.duration_minutes) as minutes
           from activity a ${d.join ?? ''} ${d.when ? `where ${d.when}` : ''} group by 2, 4, 6`,
        ),
      ),
    )
    .join(' union all ')
    .replace(/^/, 'select * from (')
    .concat(') raw where scope_id is not null');
  const FIGURES = ['accompaniments', 'individual', 'collective', 'participants', 'minutes'];
  const KEYS = ['scope', 'scope_id', 'grain', 'start', 'dimension', 'value'];
  /** Keys whose figures differ between the maintained rollup (rows of zeros left out) and the raw rows, in SQL. */
  const differences = async () => {
    const [{ n }] = await sql<{ n: string }>('people', `select count(*) as n from (${RAW}) raw`);
    expect(Number(n)).toBeGreaterThan(1000);
    return sql(
      'people',
      `select ${KEYS.map((k) => `coalesce(m.${k}, raw.${k}) as ${k}`).join(', ')},
         ${FIGURES.map((f) => `m.${f} as maintained_${f}, raw.${f} as raw_${f}`).join(', ')}
       from (select scope::text, scope_id::text, grain::text, start::text as start, dimension::text, value::text,
               ${FIGURES.join(', ')}
             from activity_rollup where not (${FIGURES.map((f) => `${f} = 0`).join(' and ')})) m
       full join (${RAW}) raw on ${KEYS.map((k) => `m.${k} = raw.${k}`).join(' and ')}
       where ${FIGURES.map((f) => `m.${f} is distinct from raw.${f}::bigint`).join(' or ')}
       limit 10`,
    );
  };

  /**
   * (commune, year, month, dimension, value) whose year row's cumulative figures (`activity_rollup_year`, month i:
   * January to i) differ from the raw rows' running sums, in SQL; a missing row counts as zeros.
   */
  const yearDifferences = () => {
    const sums = FIGURES.map(
      (f) => `sum(raw.${f}::bigint) filter (where extract(month from raw.start::date) <= g.i) as ${f}`,
    );
    return sql(
      'people',
      `with maintained as (
         select y.insee_code::text as insee_code, y.year, t.i::int as month, y.dimension::text as dimension,
           y.value::text as value, ${FIGURES.map((f) => `t.${f}`).join(', ')}
         from activity_rollup_year y
         cross join lateral unnest(${FIGURES.map((f) => `y.${f}`).join(', ')}) with ordinality t(${FIGURES.join(', ')}, i)),
       raw as (
         select raw.scope_id as insee_code, extract(year from raw.start::date)::int as year, g.i as month,
           raw.dimension, raw.value, ${sums.join(', ')}
         from (${RAW}) raw cross join generate_series(1, 12) g(i)
         where raw.scope = 'c' and raw.grain = 'm'
         group by 1, 2, 3, 4, 5)
       select coalesce(m.insee_code, raw.insee_code) as insee_code, coalesce(m.year, raw.year) as year,
         coalesce(m.month, raw.month) as month, coalesce(m.dimension, raw.dimension) as dimension,
         coalesce(m.value, raw.value) as value,
         ${FIGURES.map((f) => `m.${f} as maintained_${f}, raw.${f} as raw_${f}`).join(', ')}
       from maintained m full join raw on m.insee_code = raw.insee_code and m.year = raw.year
         and m.month = raw.month and m.dimension = raw.dimension and m.value = raw.value
       where ${FIGURES.map((f) => `coalesce(m.${f}, 0) <> coalesce(raw.${f}, 0)`).join(' or ')}
       limit 10`,
    );
  };

  it('keeps the rollup equal to the raw rows and to a rebuild after random concurrent inserts, updates and deletes', async () => {
    const admin = await bearer('admin');
    let seed = 47;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const placeIds = (
      await sql<{ id: string }>(
        'people',
        'select distinct place_id::text as id from activity where place_id is not null order by 1 limit 5',
      )
    ).map((r) => r.id);
    const date = () => `2026-0${1 + random(9)}-${String(1 + random(28)).padStart(2, '0')}`;
    const inputs = Array.from({ length: 40 }, () => {
      const atPlace = random(3) === 0;
      const collective = atPlace && random(2) === 0;
      return {
        personId: stableId('person', 'conseiller-01'),
        locationType: atPlace ? 'LIEU_ACTIVITE' : 'A_DISTANCE',
        placeId: atPlace ? placeIds[random(placeIds.length)] : null,
        inseeCode: atPlace ? COMMUNES[random(COMMUNES.length)] : null,
        participantInseeCode: atPlace ? null : COMMUNES[random(COMMUNES.length)],
        date: date(),
        type: collective ? 'COLLECTIF' : random(2) ? 'INDIVIDUEL' : 'DEMARCHE_ADMINISTRATIVE',
        durationMinutes: 5 + random(120),
        participantsCount: collective ? 3 + random(10) : 1,
        themes: [THEMES[random(THEMES.length)], THEMES[random(THEMES.length)]].filter(
          (t, i, all) => all.indexOf(t) === i,
        ),
        participantAgeBand: collective || random(4) === 0 ? null : Object.keys(AGE_BANDS)[random(5)],
        participantSocialStatus: random(4) === 0 ? null : Object.keys(SOCIAL_STATUSES)[random(5)],
      };
    });
    // Existing reports of 2026, in disjoint sets: some updated (theme, commune, date, type, place), some deleted.
    const existing = (
      await sql<{ id: string }>(
        'people',
        `select id::text as id from activity where date between '2026-01-01' and '2026-10-31'
         order by md5(id::text) limit 60`,
      )
    ).map((r) => r.id);
    const ids = (from: number, n: number) => `{${existing.slice(from, from + n).join(',')}}`;
    const theme = () => MEDIATION_THEMES[THEMES[random(THEMES.length)]];
    const updates = Array.from(
      { length: 8 },
      (_, i) => () =>
        sql(
          'people',
          `update activity set themes = array[?, ?]::text[], insee_code = ?, date = ?::date,
             type = case when type = 'individuel' then 'collectif' else type end,
             participant_age_band = case when ? then null else participant_age_band end,
             place_id = case when place_id is null then null else ?::uuid end,
             duration_minutes = duration_minutes + 1
           where id = any(?::uuid[])`,
          [
            theme(),
            theme(),
            COMMUNES[random(COMMUNES.length)],
            date(),
            random(2) === 0,
            placeIds[random(placeIds.length)],
            ids(i * 5, 5),
          ],
        ),
    );
    const deletes = Array.from(
      { length: 4 },
      (_, i) => () => sql('people', 'delete from activity where id = any(?::uuid[])', [ids(40 + i * 5, 5)]),
    );
    // The person whose reports are being recorded changes employer meanwhile (to another organization, then to
    // none, then back): their whole activity moves with them in the employer scope.
    const [conseiller] = await sql<{ employer: string | null }>(
      'people',
      'select employer_id::text as employer from person where id = ?',
      [stableId('person', 'conseiller-01')],
    );
    const [other] = await sql<{ id: string }>(
      'people',
      `select employer_id::text as id from person where employer_id is not null and employer_id <> ?::uuid limit 1`,
      [conseiller.employer],
    );
    const moves = [other.id, null, conseiller.employer].map(
      (employer) => () =>
        sql('people', 'update person set employer_id = ?::uuid where id = ?', [
          employer,
          stableId('person', 'conseiller-01'),
        ]),
    );
    const writes = [
      ...inputs.map((input) => () => hub.query(RECORD, { input }, admin)),
      ...updates,
      ...deletes,
      ...moves,
    ];
    // Interleaved, all at once.
    const order = writes.map((_, i) => i).sort(() => random(3) - 1);
    const results = await Promise.all(order.map((i) => writes[i]()));
    expect(
      results.flatMap((r) => (r && !Array.isArray(r) ? ((r as { errors?: unknown[] }).errors ?? []) : [])),
    ).toEqual([]);

    expect(await differences()).toEqual([]);
    expect(await yearDifferences()).toEqual([]);
    const em = hub.subgraphs.people.db.orm.em.fork() as EntityManager;
    const rebuilt = await rebuildActivityRollup(em);
    expect(await differences()).toEqual([]);
    expect(await yearDifferences()).toEqual([]);
    // The rebuild keeps no row of zeros, gives what its own SQL computes, and counts the rows of both tables.
    const [{ n, y }] = await sql<{ n: string; y: string }>(
      'people',
      'select (select count(*) from activity_rollup) as n, (select count(*) from activity_rollup_year) as y',
    );
    expect(Number(y)).toBeGreaterThan(0);
    expect(rebuilt).toBe(Number(n) + Number(y));
    const [{ m }] = await sql<{ m: string }>(
      'people',
      `select count(*) as m from (${ACTIVITY_ROLLUP_FROM_RAW}) raw`,
    );
    expect(Number(n)).toBe(Number(m));
  });

  it('gives every mediationStats and staffMediationStats figure as SQL counts it after the writes', async () => {
    const communes = await sql<{ insee_code: string; epci_siren: string }>(
      'places',
      `select insee_code, epci_siren from commune where departement_code = '47'`,
    );
    const epci = communes.find((c) => c.insee_code === '47001')!.epci_siren;
    const scopes: [string, string, string[]][] = [
      ['departement(code: "47")', 'departement', communes.map((c) => c.insee_code)],
      [
        `epci(siren: "${epci}")`,
        'epci',
        communes.filter((c) => c.epci_siren === epci).map((c) => c.insee_code),
      ],
      ['commune(inseeCode: "47001")', 'commune', ['47001']],
    ];
    // A year, months with days on both sides, days within a month, across a month's end.
    const periods = [
      { from: '2026-01-01', to: '2026-12-31' },
      { from: '2025-11-15', to: '2026-04-10' },
      { from: '2026-03-03', to: '2026-03-20' },
      { from: '2026-05-20', to: '2026-06-12' },
    ];
    const analystHeaders = analyst;
    for (const period of periods) {
      const res = await hub.query(
        `query($from: Date!, $to: Date!) { ${scopes
          .map(
            ([field], i) =>
              `t${i}: ${field} { mediationStats(from: $from, to: $to) { ${MEDIATION_FIELDS} } }`,
          )
          .join(' ')} }`,
        period,
        analystHeaders,
      );
      expect(res.errors).toBeUndefined();
      for (const [i, [, , codes]] of scopes.entries())
        expectSameMediation(res.data[`t${i}`].mediationStats, await mediationBySql({ codes }, period));
    }
    const year = periods[0];
    const departement = await mediationBySql({ codes: scopes[0][2] }, year);
    expect(departement.byPlace).toHaveLength(BY_PLACE_LIMIT);

    const org = stableId('organization', 'lgnum');
    for (const period of periods.slice(0, 2)) {
      const res = await hub.query(
        `query($id: ID!, $from: Date!, $to: Date!) { organization(id: $id) {
          staffMediationStats(from: $from, to: $to) { ${MEDIATION_FIELDS} } } }`,
        { id: org, ...period },
        analystHeaders,
      );
      expect(res.errors).toBeUndefined();
      const expected = await mediationBySql({ organization: org }, period);
      expect(expected.accompaniments).toBeGreaterThan(0);
      expect(expected.byPlace.length).toBeGreaterThan(0);
      expectSameMediation(res.data.organization.staffMediationStats, expected);
      // The totals alone (no breakdown asked: only the rollup's `all` rows read), beside a breakdown in one request.
      const TOTALS = [
        'conseillers',
        'aidants',
        'habilitatedAidants',
        'accompaniments',
        'individualAccompaniments',
        'collectiveAccompaniments',
        'participants',
        'hours',
      ];
      const both = await hub.query(
        `query($id: ID!, $from: Date!, $to: Date!) { organization(id: $id) {
          totals: staffMediationStats(from: $from, to: $to) { ${TOTALS.join(' ')} }
          themes: staffMediationStats(from: $from, to: $to) { accompaniments byTheme { theme accompaniments } } } }`,
        { id: org, ...period },
        analystHeaders,
      );
      expect(both.errors).toBeUndefined();
      const full = res.data.organization.staffMediationStats;
      expect(both.data.organization.totals).toEqual(Object.fromEntries(TOTALS.map((f) => [f, full[f]])));
      expect(both.data.organization.themes.byTheme).toEqual(
        full.byTheme.map(({ theme, accompaniments }: any) => ({ theme, accompaniments })),
      );
    }
  });
});

describe('breakdown by place', () => {
  it("names each place through the places subgraph, and withholds a place's small counts from anonymous callers", async () => {
    const res = await hub.query(
      `{ departement(code: "47") { mediationStats(from: "2026-01-01", to: "2026-12-31") {
         id byPlace { id place { id name } accompaniments } } } }`,
      {},
      analyst,
    );
    expect(res.errors).toBeUndefined();
    const rows = res.data.departement.mediationStats.byPlace;
    expect(rows.length).toBeGreaterThan(0);
    const names = await sql<{ id: string; name: string }>(
      'places',
      'select id::text as id, name from place where id = any(?::uuid[])',
      [`{${rows.map((r: any) => r.place.id).join(',')}}`],
    );
    for (const row of rows) {
      expect(row.place.name).toBe(names.find((n) => n.id === row.place.id)?.name);
      expect(row.id).toBe(`${res.data.departement.mediationStats.id}:${row.place.id}`);
    }

    // Two reports at a place of Nérac that has none, on a day: 2 accompaniments there, withheld from the public.
    const reported = new Set(
      (
        await sql<{ id: string }>(
          'people',
          'select distinct place_id::text as id from activity where place_id is not null',
        )
      ).map((r) => r.id),
    );
    const candidates = await sql<{ id: string; code: string }>(
      'places',
      `select id::text as id, insee_code as code from place where insee_code = '47195' order by id`,
    );
    const place = candidates.find((p) => !reported.has(p.id))!;
    expect(place).toBeDefined();
    const admin = await bearer('admin');
    for (const minutes of [30, 45]) {
      const recorded = await hub.query(
        'mutation($input: ActivityInput!) { recordActivity(input: $input) { id } }',
        {
          input: {
            personId: stableId('person', 'conseiller-01'),
            locationType: 'LIEU_ACTIVITE',
            placeId: place.id,
            inseeCode: place.code,
            date: '2026-07-14',
            type: 'INDIVIDUEL',
            durationMinutes: minutes,
            themes: ['EMAIL'],
          },
        },
        admin,
      );
      expect(recorded.errors).toBeUndefined();
    }
    const query = `{ commune(inseeCode: "${place.code}") { mediationStats(from: "2026-07-14", to: "2026-07-14") {
      byPlace { place { id } accompaniments participants hours } withheld } } }`;
    const anonymous = (await hub.query(query)).data.commune.mediationStats;
    const index = anonymous.byPlace.findIndex((r: any) => r.place.id === place.id);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(anonymous.byPlace[index]).toEqual({
      place: { id: place.id },
      accompaniments: null,
      participants: null,
      hours: null,
    });
    expect(anonymous.withheld).toEqual(
      expect.arrayContaining([
        `byPlace.${index}.accompaniments`,
        `byPlace.${index}.participants`,
        `byPlace.${index}.hours`,
      ]),
    );
    const exact = (await hub.query(query, {}, analyst)).data.commune.mediationStats;
    expect(exact.byPlace.find((r: any) => r.place.id === place.id)).toEqual({
      place: { id: place.id },
      accompaniments: 2,
      participants: 2,
      hours: 1.3,
    });
    expect(exact.withheld).toEqual([]);
  });
});

describe('coverage', () => {
  it("gives each commune's distance to the nearest place offering a service, as a brute-force SQL finds it", async () => {
    const res = await hub.query(
      `{ departement(code: "47") { serviceCoverage(service: ACQUISITION_DE_MATERIEL_INFORMATIQUE_A_PRIX_SOLIDAIRE, withinKm: 10) {
         id communes communesWithout populationWithout
         byCommune { commune { inseeCode population } distanceMeters nearestPlace { id } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const coverage = res.data.departement.serviceCoverage;
    const rows = await sql<{ insee_code: string; d: number | string | null }>(
      'places',
      `select c.insee_code, min(2 * 6371008.8 * asin(sqrt(
         power(sin(radians(p.latitude - c.centre_latitude) / 2), 2) +
         cos(radians(c.centre_latitude)) * cos(radians(p.latitude)) * power(sin(radians(p.longitude - c.centre_longitude) / 2), 2)))) as d
       from commune c left join place p on p.services @> array['Acquisition de matériel informatique à prix solidaire']::text[]
         and p.latitude is not null
       where c.departement_code = '47' group by c.insee_code`,
    );
    expect(coverage.communes).toBe(rows.length);
    const expected = new Map(rows.map((r) => [r.insee_code, r.d === null ? null : Number(r.d)]));
    for (const entry of coverage.byCommune) {
      const d = expected.get(entry.commune.inseeCode);
      if (d === null) expect(entry.distanceMeters).toBeNull();
      else expect(Math.abs(entry.distanceMeters - d!)).toBeLessThanOrEqual(1);
    }
    const without = coverage.byCommune.filter(
      (c: any) => c.distanceMeters === null || c.distanceMeters > 10000,
    );
    expect(coverage.communesWithout).toBe(without.length);
    expect(coverage.communesWithout).toBeGreaterThan(0);
    expect(coverage.communesWithout).toBeLessThan(rows.length);
    expect(coverage.populationWithout).toBe(
      without.reduce((a: number, c: any) => a + c.commune.population, 0),
    );
    const distances = coverage.byCommune.map((c: any) => c.distanceMeters ?? Infinity);
    expect(distances).toEqual([...distances].sort((a, b) => b - a));
    // Each nearest place is a place offering the service, at the distance given.
    const reached = coverage.byCommune.filter((c: any) => c.distanceMeters !== null);
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.every((c: any) => typeof c.nearestPlace?.id === 'string')).toBe(true);
    const nearest = await sql<{ insee_code: string; d: number | string }>(
      'places',
      `select c.insee_code, 2 * 6371008.8 * asin(sqrt(
         power(sin(radians(p.latitude - c.centre_latitude) / 2), 2) +
         cos(radians(c.centre_latitude)) * cos(radians(p.latitude)) * power(sin(radians(p.longitude - c.centre_longitude) / 2), 2))) as d
       from unnest(?::text[], ?::uuid[]) n(insee_code, place_id) join commune c using (insee_code)
       join place p on p.id = n.place_id
         and p.services @> array['Acquisition de matériel informatique à prix solidaire']::text[]`,
      [
        `{${reached.map((c: any) => c.commune.inseeCode).join(',')}}`,
        `{${reached.map((c: any) => c.nearestPlace.id).join(',')}}`,
      ],
    );
    expect(nearest).toHaveLength(reached.length);
    const given = new Map<string, number>(reached.map((c: any) => [c.commune.inseeCode, c.distanceMeters]));
    for (const row of nearest)
      expect(Math.abs(Number(row.d) - given.get(row.insee_code)!)).toBeLessThanOrEqual(1);
  });

  it('refuses a distance out of bounds, naming withinKm', async () => {
    const res = await hub.query(
      '{ departement(code: "47") { serviceCoverage(service: AIDE_AUX_DEMARCHES_ADMINISTRATIVES, withinKm: 500) { communes } } }',
    );
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'withinKm' });
  });
});

describe('partner dashboard', () => {
  const ORG = stableId('organization', 'lgnum');
  const OTHER = stableId('organization', 'departement-47');
  const QUERY = `query($id: ID!) { organization(id: $id) { name
    staffMediationStats(from: "2026-01-01", to: "2026-12-31") { id conseillers accompaniments hours withheld
      byAgeBand { ageBand accompaniments } byTheme { theme accompaniments } } } }`;

  it("gives a partner its own staff's activity, as SQL counts it, and refuses another organization's", async () => {
    const partner = await bearer('partner', ORG);
    const res = await hub.query(QUERY, { id: ORG }, partner);
    expect(res.errors).toBeUndefined();
    const stats = res.data.organization.staffMediationStats;
    const [row] = await sql<{ n: string; m: string; bands: string }>(
      'people',
      `select count(*) as n, coalesce(sum(a.duration_minutes), 0) as m,
         count(*) filter (where a.participant_age_band = 'age_plus_60_ans') as bands
       from activity a join person p on p.id = a.person_id
       where p.employer_id = ? and a.date between '2026-01-01' and '2026-12-31'`,
      [ORG],
    );
    const [staff] = await sql<{ n: string }>(
      'people',
      `select count(*) as n from person where employer_id = ? and role = 'CONSEILLER_NUMERIQUE'`,
      [ORG],
    );
    expect(stats.accompaniments).toBe(Number(row.n));
    expect(stats.accompaniments).toBeGreaterThan(0);
    expect(stats.hours).toBe(Math.round(Number(row.m) / 6) / 10);
    expect(stats.conseillers).toBe(Number(staff.n));
    expect(stats.byAgeBand.find((b: any) => b.ageBand === 'AGE_PLUS_60_ANS').accompaniments).toBe(
      Number(row.bands),
    );
    expect(stats.withheld).toEqual([]);
    expect(stats.id).toBe(`MediationStats:organization:${ORG}:2026-01-01..2026-12-31`);

    const other = await hub.query(QUERY, { id: OTHER }, partner);
    expect(other.data.organization.staffMediationStats).toBeNull();
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await hub.query(QUERY, { id: ORG });
    expect(anonymous.data.organization.staffMediationStats).toBeNull();
    const prefecture = await hub.query(QUERY, { id: OTHER }, await bearer('prefecture'));
    expect(prefecture.errors).toBeUndefined();
    expect(prefecture.data.organization.staffMediationStats.accompaniments).toBeGreaterThanOrEqual(0);
  });
});
