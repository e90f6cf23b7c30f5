import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { WITHHELD_DESCRIPTION, WITHHELD_FIGURE } from '../../shared/small-numbers';
import { INDICATOR_ID, INDICATOR_ROW_ID, type Figures } from '../../shared/indicator';
import { executeNamed } from '../../shared/sql';
import type { Period } from '../../shared/period';
import { territoryReference } from '../../shared/territory';
import {
  ratio,
  TERRITORY_COMMUNES,
  type TerritoryIndicator,
  type TerritoryRow,
} from '../../shared/territory-indicator';
import { ParticipantAgeBand } from '../../shared/age-band';
import { communePeriodRows } from '../activity/activity-rollup';
import { spanBindings } from '../../shared/rollup-period';
import { PlaceRef } from '../federation/stubs';
import { ActivityTheme, ParticipantSocialStatus, PersonRole } from '../vocabulary';

const TOP_THEMES = 5;

/** How many places `byPlace` lists at most (the most accompaniments first). */
export const BY_PLACE_LIMIT = 20;

@ObjectType({ description: 'Accompaniments on one national mediation theme.' })
export class MediationThemeCount {
  @Field(() => ID, { description: INDICATOR_ROW_ID })
  id!: string;

  @Field(() => ActivityTheme, { description: 'The national mediation theme these accompaniments recorded.' })
  theme!: ActivityTheme;

  @Field(() => Int, { nullable: true, description: WITHHELD_FIGURE })
  accompaniments!: number;
}

@ObjectType({ description: 'Accompaniments whose participants were in one age band (as recorded).' })
export class MediationAgeBandCount {
  @Field(() => ID, { description: INDICATOR_ROW_ID })
  id!: string;

  @Field(() => ParticipantAgeBand, { description: 'The national age band.' })
  ageBand!: ParticipantAgeBand;

  @Field(() => Int, {
    nullable: true,
    description: `Accompaniments recording this age band. ${WITHHELD_FIGURE}`,
  })
  accompaniments!: number;

  @Field(() => Int, { nullable: true, description: `People accompanied in them. ${WITHHELD_FIGURE}` })
  participants!: number;
}

@ObjectType({ description: 'Accompaniments whose participants had one social status (as recorded).' })
export class MediationSocialStatusCount {
  @Field(() => ID, { description: INDICATOR_ROW_ID })
  id!: string;

  @Field(() => ParticipantSocialStatus, { description: 'The national social status.' })
  socialStatus!: ParticipantSocialStatus;

  @Field(() => Int, {
    nullable: true,
    description: `Accompaniments recording this social status. ${WITHHELD_FIGURE}`,
  })
  accompaniments!: number;

  @Field(() => Int, { nullable: true, description: `People accompanied in them. ${WITHHELD_FIGURE}` })
  participants!: number;
}

@ObjectType({ description: 'Accompaniments given at one place (help at a place, `LIEU_ACTIVITE`).' })
export class MediationPlaceCount {
  @Field(() => ID, { description: INDICATOR_ROW_ID })
  id!: string;

  /** The place's id, the row's key. */
  placeId!: string;

  @Field(() => PlaceRef, {
    nullable: true,
    description:
      'The place where the help took place (its name and the rest from places). Null, with an error on this path, when the places subgraph fails.',
  })
  place!: PlaceRef;

  @Field(() => Int, { nullable: true, description: `Accompaniments given there. ${WITHHELD_FIGURE}` })
  accompaniments!: number;

  @Field(() => Int, { nullable: true, description: `People accompanied there. ${WITHHELD_FIGURE}` })
  participants!: number;

  @Field(() => Float, {
    nullable: true,
    description: `Hours of accompaniment given there, to the tenth (withheld with accompaniments). ${WITHHELD_FIGURE}`,
  })
  hours!: number;
}

@ObjectType({
  description: 'Digital mediation indicators of a territory over a period (FNE table, people columns).',
})
export class MediationStats {
  @Field(() => ID, { description: INDICATOR_ID })
  id!: string;

  @Field(() => [String], { description: WITHHELD_DESCRIPTION })
  withheld!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Conseillers numériques working in the territory at the end of the period.',
  })
  conseillers!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Aidants numériques working in the territory at the end of the period.',
  })
  aidants!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Of the aidants, those habilitated Aidants Connect by the end of the period.',
  })
  habilitatedAidants!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Accompaniments recorded in the period: individual help and workshops.',
  })
  accompaniments!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Of which individual (including help with administrative procedures).',
  })
  individualAccompaniments!: number;

  @Field(() => Int, { nullable: true, description: 'Of which collective workshops.' })
  collectiveAccompaniments!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'People accompanied: one per individual help plus workshop attendance.',
  })
  participants!: number;

  @Field(() => Float, { nullable: true, description: 'Hours of accompaniment, to the tenth.' })
  hours!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Inhabitants (population municipale, INSEE) of the territory per conseiller numérique working there at the end of the period, to the tenth; null when none.',
  })
  inhabitantsPerConseiller!: number | null;

  @Field(() => [MediationThemeCount], { description: 'The five most frequent themes, most frequent first.' })
  topThemes!: MediationThemeCount[];

  @Field(() => [MediationThemeCount], {
    description:
      'Every theme recorded in the period, most frequent first (an accompaniment counts once per theme it records).',
  })
  byTheme!: MediationThemeCount[];

  @Field(() => [MediationAgeBandCount], {
    description:
      'Accompaniments by age band of their participants, every band in the national order (zeros included); accompaniments recording none are not counted.',
  })
  byAgeBand!: MediationAgeBandCount[];

  @Field(() => [MediationSocialStatusCount], {
    description:
      'Accompaniments by social status of their participants, every status in the national order (zeros included); accompaniments recording none are not counted.',
  })
  bySocialStatus!: MediationSocialStatusCount[];

  @Field(() => [MediationPlaceCount], {
    description: `The places where the most accompaniments were given in the period (help at a place), at most ${BY_PLACE_LIMIT}, most accompaniments first (then most participants, then place id); help given remotely or at home has no place and is not counted here.`,
  })
  byPlace!: MediationPlaceCount[];
}

/**
 * A row of the mediation SQL: `all`, `theme`, `age`, `status` and `place` rows come from `activity_rollup` (n
 * accompaniments, a individual, b collective, c participants, d minutes; label the theme, band, status or place id),
 * `people` rows from `person` (label the role, n people, a habilitated Aidants Connect).
 */
export interface MediationRow {
  kind: 'all' | 'theme' | 'age' | 'status' | 'place' | 'people';
  label: string | null;
  n: string;
  a: string;
  b: string;
  c: string;
  d: string;
}

/** The rollup's figures per (kind, label) of a scope's rows over a period (the `r` alias's rows). */
export const ROLLUP_FIGURES = `r.dimension as kind, r.value as label, sum(r.accompaniments) as n,
  sum(r.individual) as a, sum(r.collective) as b, sum(r.participants) as c, sum(r.minutes) as d`;

/**
 * Activity reports of the period and people working by its end, per territory of the batch. The activity figures
 * read the rollups (communePeriodRows: whole months from `activity_rollup_year`, the days around them from
 * `activity_rollup`), kept exact by the triggers of every write; people are counted from `person` (one row each,
 * so no distinct count is needed). Of the `place` rows, only each territory's first BY_PLACE_LIMIT in `byPlace`'s
 * order leave the database.
 */
export const mediationStatsIndicator: TerritoryIndicator<
  MediationRow & TerritoryRow,
  Figures<MediationStats>
> = {
  query: (em, batch, period) =>
    executeNamed<MediationRow & TerritoryRow>(
      em,
      `with figures as (
           select x.territory, x.dimension as kind, x.value as label, sum(x.accompaniments) as n,
             sum(x.individual) as a, sum(x.collective) as b, sum(x.participants) as c, sum(x.minutes) as d
           from (${communePeriodRows(TERRITORY_COMMUNES)}) x
           group by x.territory, x.dimension, x.value)
         select territory, kind, label, n, a, b, c, d from figures where kind <> 'place'
         union all
         select territory, kind, label, n, a, b, c, d from (
           select f.*, row_number() over (partition by territory order by n desc, c desc, label collate "C") as rank
           from figures f where kind = 'place' and n <> 0) p
         where rank <= :places
         union all
         select tc.territory, 'people', p.role, count(*),
           count(*) filter (where p.aidants_connect_habilitated_on <= :to::date), 0, 0, 0
         from person p join ${TERRITORY_COMMUNES} on tc.insee_code = p.insee_code
         where p.created_at < :to::date + interval '1 day'
         group by tc.territory, p.role`,
      { ...batch, to: period.to, places: BY_PLACE_LIMIT, ...spanBindings(period) },
    ),
  summarize: summarizeMediation,
};

export function summarizeMediation(
  rows: MediationRow[],
  _period: Period,
  communes: string[],
): Figures<MediationStats> {
  // One pass over the rows (a few dozen per territory from the SQL; an organization's staff, some hundreds), sums by
  // kind and label.
  const all = { n: 0, a: 0, b: 0, c: 0, d: 0 };
  const themes = new Map<string, number>();
  const ages = new Map<string, { n: number; c: number }>();
  const statuses = new Map<string, { n: number; c: number }>();
  const people = new Map<string, { n: number; a: number }>();
  const add = (map: Map<string, { n: number; c: number }>, r: MediationRow) => {
    const sums = map.get(r.label!);
    if (sums) {
      sums.n += Number(r.n);
      sums.c += Number(r.c);
    } else map.set(r.label!, { n: Number(r.n), c: Number(r.c) });
  };
  for (const r of rows) {
    switch (r.kind) {
      case 'all':
        all.n += Number(r.n);
        all.a += Number(r.a);
        all.b += Number(r.b);
        all.c += Number(r.c);
        all.d += Number(r.d);
        break;
      case 'theme':
        themes.set(r.label!, (themes.get(r.label!) ?? 0) + Number(r.n));
        break;
      case 'age':
        add(ages, r);
        break;
      case 'status':
        add(statuses, r);
        break;
      case 'people': {
        // One row per role (and commune): n people, a of them habilitated.
        const sums = people.get(r.label!) ?? { n: 0, a: 0 };
        sums.n += Number(r.n);
        sums.a += Number(r.a);
        people.set(r.label!, sums);
        break;
      }
    }
  }
  // Rollup rows of themes whose reports were all deleted or changed sum to 0: not a theme recorded in the period.
  const byTheme = [...themes.entries()]
    .filter(([, n]) => n !== 0)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .map(([theme, accompaniments]) => ({ theme: theme as ActivityTheme, accompaniments }));
  const conseillers = people.get(PersonRole.CONSEILLER_NUMERIQUE)?.n ?? 0;
  const aidants = people.get(PersonRole.AIDANT_NUMERIQUE);
  return {
    conseillers,
    inhabitantsPerConseiller: ratio(territoryReference().populationOf(communes), conseillers),
    aidants: aidants?.n ?? 0,
    habilitatedAidants: aidants?.a ?? 0,
    accompaniments: all.n,
    individualAccompaniments: all.a,
    collectiveAccompaniments: all.b,
    participants: all.c,
    hours: hoursOf(all.d),
    topThemes: byTheme.slice(0, TOP_THEMES),
    byTheme,
    byAgeBand: Object.values(ParticipantAgeBand).map((ageBand) => ({
      ageBand,
      accompaniments: ages.get(ageBand)?.n ?? 0,
      participants: ages.get(ageBand)?.c ?? 0,
    })),
    bySocialStatus: Object.values(ParticipantSocialStatus).map((socialStatus) => ({
      socialStatus,
      accompaniments: statuses.get(socialStatus)?.n ?? 0,
      participants: statuses.get(socialStatus)?.c ?? 0,
    })),
    byPlace: byPlaceOf(rows),
  };
}

/** Minutes as hours, to the tenth. */
const hoursOf = (minutes: number) => Math.round(minutes / 6) / 10;

/** The places with the most accompaniments (then participants, then id), at most BY_PLACE_LIMIT. */
function byPlaceOf(rows: MediationRow[]): Figures<MediationStats>['byPlace'] {
  const places = new Map<string, { accompaniments: number; participants: number; minutes: number }>();
  for (const r of rows) {
    if (r.kind !== 'place') continue;
    const place = places.get(r.label!) ?? { accompaniments: 0, participants: 0, minutes: 0 };
    place.accompaniments += Number(r.n);
    place.participants += Number(r.c);
    place.minutes += Number(r.d);
    places.set(r.label!, place);
  }
  return [...places.entries()]
    .filter(([, p]) => p.accompaniments !== 0)
    .sort(
      ([x, p], [y, q]) =>
        q.accompaniments - p.accompaniments ||
        q.participants - p.participants ||
        (x < y ? -1 : x > y ? 1 : 0),
    )
    .slice(0, BY_PLACE_LIMIT)
    .map(([placeId, p]) => ({
      placeId,
      place: { id: placeId },
      accompaniments: p.accompaniments,
      participants: p.participants,
      hours: hoursOf(p.minutes),
    }));
}
