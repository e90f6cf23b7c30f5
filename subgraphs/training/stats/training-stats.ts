import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { INDICATOR_ID, INDICATOR_ROW_ID, type Figures } from '../../shared/indicator';
import type { Period } from '../../shared/period';
import { pgTextArray } from '../../shared/sql';
import { territoryReference, type TerritoryLevel } from '../../shared/territory';
import { TrainingFormat } from '../offer/training-offer.enums';

@ObjectType({ description: 'Training indicators of one format in a territory.' })
export class TrainingFormatStats {
  @Field(() => ID, { description: INDICATOR_ROW_ID })
  id!: string;

  @Field(() => TrainingFormat)
  format!: TrainingFormat;

  @Field(() => Int)
  sessionsHeld!: number;

  @Field(() => Int)
  seatsOffered!: number;

  @Field(() => Int)
  registrations!: number;

  @Field(() => Int)
  attendees!: number;
}

@ObjectType({
  description:
    'Training indicators of a territory over a period (FNE table, training columns): sessions held at places of the territory (online sessions have no territory).',
})
export class TrainingStats {
  @Field(() => ID, { description: INDICATOR_ID })
  id!: string;

  @Field(() => Int, {
    description: 'Sessions that started during the period (Europe/Paris dates), before now.',
  })
  sessionsHeld!: number;

  @Field(() => Int, { description: 'Seats offered by those sessions.' })
  seatsOffered!: number;

  @Field(() => Int, { description: 'Active registrations to those sessions.' })
  registrations!: number;

  @Field(() => Int, { description: 'Registrations recorded as attended.' })
  attendees!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Attendees over registrations whose attendance was recorded; null when none was.',
  })
  attendanceRate!: number | null;

  @Field(() => [TrainingFormatStats], { description: 'The same figures by format, most sessions first.' })
  byFormat!: TrainingFormatStats[];
}

export interface TrainingStatsKey extends Period {
  level: TerritoryLevel;
  code: string;
}

interface StatsRow {
  insee_code: string;
  format: TrainingFormat;
  sessions: string;
  seats: string;
  registrations: string;
  attendees: string;
  recorded: string;
}

const keyOf = (k: TrainingStatsKey) => `${k.level}|${k.code}|${k.from}|${k.to}`;

/**
 * One SQL aggregate per period for a whole batch of territories (communes, EPCIs and départements mixed):
 * the territories become INSEE codes through the public reference, rows are grouped by INSEE code and
 * format, and each territory sums its communes in JS.
 */
export function createTrainingStatsLoader(
  em: EntityManager,
): DataLoader<TrainingStatsKey, Figures<TrainingStats>, string> {
  return new DataLoader(
    async (keys) => {
      const reference = territoryReference();
      const byPeriod = new Map<string, TrainingStatsKey[]>();
      for (const key of keys) {
        const period = `${key.from}|${key.to}`;
        byPeriod.set(period, [...(byPeriod.get(period) ?? []), key]);
      }
      const results = new Map<string, Figures<TrainingStats>>();
      await Promise.all(
        [...byPeriod.values()].map(async (group) => {
          const { from, to } = group[0];
          const communesOf = new Map(group.map((k) => [keyOf(k), reference.communesOf(k.level, k.code)]));
          const codes = [...new Set([...communesOf.values()].flat())];
          const rows = codes.length
            ? await em.execute<StatsRow[]>(
                `select s.insee_code, o.format,
                   count(*) as sessions,
                   sum(s.capacity) as seats,
                   sum(s.registrations_count) as registrations,
                   sum(a.attendees) as attendees,
                   sum(a.recorded) as recorded
                 from training_session s
                 join training_offer o on o.id = s.offer_id
                 cross join lateral (
                   select count(*) filter (where r.attended) as attendees,
                          count(*) filter (where r.attended is not null) as recorded
                   from registration r where r.session_id = s.id and r.status = 'REGISTERED') a
                 where s.insee_code = any(?::text[])
                   and (s.starts_at at time zone 'Europe/Paris')::date between ?::date and ?::date
                   and s.starts_at < now()
                 group by s.insee_code, o.format`,
                [pgTextArray(codes), from, to],
              )
            : [];
          for (const key of group) {
            const mine = new Set(communesOf.get(keyOf(key)));
            const formats = new Map<TrainingFormat, Figures<TrainingFormatStats>>();
            let recorded = 0;
            for (const row of rows) {
              if (!mine.has(row.insee_code)) continue;
              const stats = formats.get(row.format) ?? {
                format: row.format,
                sessionsHeld: 0,
                seatsOffered: 0,
                registrations: 0,
                attendees: 0,
              };
              stats.sessionsHeld += Number(row.sessions);
              stats.seatsOffered += Number(row.seats);
              stats.registrations += Number(row.registrations);
              stats.attendees += Number(row.attendees);
              recorded += Number(row.recorded);
              formats.set(row.format, stats);
            }
            const byFormat = [...formats.values()].sort((a, b) => b.sessionsHeld - a.sessionsHeld);
            const sum = (f: (s: Figures<TrainingFormatStats>) => number) =>
              byFormat.reduce((acc, s) => acc + f(s), 0);
            const attendees = sum((s) => s.attendees);
            results.set(keyOf(key), {
              sessionsHeld: sum((s) => s.sessionsHeld),
              seatsOffered: sum((s) => s.seatsOffered),
              registrations: sum((s) => s.registrations),
              attendees,
              attendanceRate: recorded > 0 ? attendees / recorded : null,
              byFormat,
            });
          }
        }),
      );
      return keys.map((k) => results.get(keyOf(k))!);
    },
    { cacheKeyFn: keyOf },
  );
}
