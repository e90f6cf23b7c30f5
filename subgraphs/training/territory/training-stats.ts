import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { WITHHELD_DESCRIPTION, WITHHELD_FIGURE } from '../../shared/small-numbers';
import { INDICATOR_ID, INDICATOR_ROW_ID, type Figures } from '../../shared/indicator';
import { executeNamed } from '../../shared/sql';
import {
  sumOf,
  TERRITORY_COMMUNES,
  type TerritoryIndicator,
  type TerritoryRow,
} from '../../shared/territory-indicator';
import { TrainingFormat } from '../offer/training-offer.enums';

@ObjectType({ description: 'Training indicators of one format in a territory.' })
export class TrainingFormatStats {
  @Field(() => ID, { description: INDICATOR_ROW_ID })
  id!: string;

  @Field(() => TrainingFormat, { description: 'The format of the sessions counted in this row.' })
  format!: TrainingFormat;

  @Field(() => Int, { nullable: true, description: WITHHELD_FIGURE })
  sessionsHeld!: number;

  @Field(() => Int, { nullable: true, description: WITHHELD_FIGURE })
  seatsOffered!: number;

  @Field(() => Int, { nullable: true, description: WITHHELD_FIGURE })
  registrations!: number;

  @Field(() => Int, { nullable: true, description: WITHHELD_FIGURE })
  attendees!: number;
}

@ObjectType({
  description:
    'Training indicators of a territory over a period (FNE table, training columns): sessions held at places of the territory (online sessions have no territory).',
})
export class TrainingStats {
  @Field(() => ID, { description: INDICATOR_ID })
  id!: string;

  @Field(() => [String], { description: WITHHELD_DESCRIPTION })
  withheld!: string[];

  @Field(() => Int, {
    nullable: true,
    description: 'Sessions that started during the period (Europe/Paris dates), before now.',
  })
  sessionsHeld!: number;

  @Field(() => Int, { nullable: true, description: 'Seats offered by those sessions.' })
  seatsOffered!: number;

  @Field(() => Int, { nullable: true, description: 'Active registrations to those sessions.' })
  registrations!: number;

  @Field(() => Int, { nullable: true, description: 'Registrations recorded as attended.' })
  attendees!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Attendees over registrations whose attendance was recorded; null when none was.',
  })
  attendanceRate!: number | null;

  @Field(() => [TrainingFormatStats], { description: 'The same figures by format, most sessions first.' })
  byFormat!: TrainingFormatStats[];
}

interface Row extends TerritoryRow {
  format: TrainingFormat;
  sessions: string;
  seats: string;
  registrations: string;
  attendees: string;
  recorded: string;
}

/**
 * Sessions held at places of the territory during the period (Europe/Paris dates), per commune and format. Days
 * before today read the daily rollup (`training_daily`, kept by triggers with every write); today's sessions
 * that have started read the raw rows (a rollup day holds every session of the day, held or not yet).
 */
export const trainingStatsIndicator: TerritoryIndicator<Row, Figures<TrainingStats>> = {
  query: (em, batch, { from, to }) =>
    executeNamed<Row>(
      em,
      `with today as (select (now() at time zone 'Europe/Paris')::date as day)
       select tc.territory, format, sum(sessions) as sessions, sum(seats) as seats,
         sum(registrations) as registrations, sum(attendees) as attendees, sum(recorded) as recorded
       from (
         select d.insee_code, d.format, d.sessions, d.seats, d.registrations, d.attendees, d.recorded
         from training_daily d, today
         where d.insee_code = any(:codes::text[]) and d.date between :from::date and least(:to::date, today.day - 1)
         union all
         select s.insee_code, o.format, 1, s.capacity, s.registrations_count, s.attendees_count,
           s.attendance_recorded_count
         from today, training_session s
         join training_offer o on o.id = s.offer_id
         where today.day between :from::date and :to::date and s.insee_code = any(:codes::text[])
           and s.starts_at >= today.day::timestamp at time zone 'Europe/Paris' and s.starts_at < now()) t
       join ${TERRITORY_COMMUNES} on tc.insee_code = t.insee_code
       group by tc.territory, format`,
      { ...batch, from, to },
    ),
  summarize(rows) {
    const formats = new Map<TrainingFormat, Figures<TrainingFormatStats>>();
    for (const row of rows) {
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
      formats.set(row.format, stats);
    }
    const byFormat = [...formats.values()].sort((a, b) => b.sessionsHeld - a.sessionsHeld);
    const recorded = sumOf(rows, (r) => r.recorded);
    const attendees = sumOf(byFormat, (s) => s.attendees);
    return {
      sessionsHeld: sumOf(byFormat, (s) => s.sessionsHeld),
      seatsOffered: sumOf(byFormat, (s) => s.seatsOffered),
      registrations: sumOf(byFormat, (s) => s.registrations),
      attendees,
      attendanceRate: recorded > 0 ? attendees / recorded : null,
      byFormat,
    };
  },
};
