import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { INDICATOR_ID, type Figures } from '../../shared/indicator';
import type { OrganizationIndicator, OrganizationPeriodRow } from '../../shared/organization-stats.resolver';
import { sumOf } from '../../shared/territory-indicator';
import type { TrainingFormat } from '../offer/training-offer.enums';
import { TrainingFormatStats } from './training-stats';

@ObjectType({
  description:
    'Training an organization provides, over a period (partner dashboard): its offers and the sessions of those offers held during the period, online ones included.',
})
export class OrganizationTrainingStats {
  @Field(() => ID, { description: INDICATOR_ID })
  id!: string;

  @Field(() => Int, { description: 'Offers it provides, recorded by the end of the period.' })
  offers!: number;

  @Field(() => Int, { description: 'Of which had at least one session held during the period.' })
  offersWithSessions!: number;

  @Field(() => Int, {
    description: 'Sessions of its offers that started during the period (Europe/Paris dates), before now.',
  })
  sessionsHeld!: number;

  @Field(() => Int, { description: 'Seats offered by those sessions.' })
  seatsOffered!: number;

  @Field(() => Int, { description: 'Active registrations to those sessions.' })
  registrations!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Registrations over seats offered (0 to 1); null when no seat was offered.',
  })
  fillRate!: number | null;

  @Field(() => Int, { description: 'Registrations recorded as attended.' })
  attendees!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Attendees over registrations whose attendance was recorded; null when none was.',
  })
  attendanceRate!: number | null;

  @Field(() => [TrainingFormatStats], {
    description: 'Sessions, seats, registrations and attendees by format, most sessions first.',
  })
  byFormat!: TrainingFormatStats[];
}

interface Row extends OrganizationPeriodRow {
  kind: 'offers' | 'held';
  format: TrainingFormat;
  offers: string;
  sessions: string;
  seats: string;
  registrations: string;
  attendees: string;
  recorded: string;
}

/**
 * An organization's offers (recorded by the end of each period) and the sessions of its offers held in each period,
 * per format: one SQL for a batch of organizations and periods (offers by provider; their sessions by provider and
 * start, migration `…_training_session_provider`), the attendance from the sessions' counts (migration
 * `…_training_session_attendance_counts`). The sessions of each period are read by one range of that index (a lateral
 * subquery per period, summed per offer there), not one scan of all the provider's past sessions compared with every
 * period: the Département (7,000 sessions, 2,400 offers at scale 100) over a year and its twelve months, ten runs on
 * one connection, 55 ms a statement before, 19–20 ms now.
 */
export const organizationTrainingIndicator: OrganizationIndicator<Row, Figures<OrganizationTrainingStats>> = {
  // The Département over a year and its months, ten runs on one connection: 17–19 ms generic, 29–30 ms planned
  // for its values; another provider 0.4–0.5 ms against 0.8–0.9 ms.
  plan: 'generic',
  sql: `, offers as (select id, provider_id, format, created_at from training_offer where provider_id = any(:orgs::uuid[])),
    held as materialized (select per.f, per.t, h.* from per cross join lateral (
        select s.provider_id, s.offer_id, count(*) as sessions, sum(s.capacity) as seats,
          sum(s.registrations_count) as registrations, sum(s.attendees_count) as attendees,
          sum(s.attendance_recorded_count) as recorded
        from training_session s
        where s.provider_id = any(:orgs::uuid[]) and s.starts_at >= per.starts_at and s.starts_at < per.ends_before
          and s.starts_at < now()
        group by s.provider_id, s.offer_id) h)
    select h.provider_id as org, h.f as "from", h.t as "to", 'held' as kind, o.format,
      count(*) as offers, sum(h.sessions) as sessions, sum(h.seats) as seats,
      sum(h.registrations) as registrations, sum(h.attendees) as attendees, sum(h.recorded) as recorded
    from held h join offers o on o.id = h.offer_id
    group by h.provider_id, h.f, h.t, o.format
    union all
    select o.provider_id, per.f, per.t, 'offers', o.format, count(*), 0, 0, 0, 0, 0
    from offers o join per on o.created_at < per.next_day
    group by o.provider_id, per.f, per.t, o.format`,
  summarize(rows) {
    const held = rows.filter((r) => r.kind === 'held');
    const byFormat = held
      .map((r) => ({
        format: r.format,
        sessionsHeld: Number(r.sessions),
        seatsOffered: Number(r.seats),
        registrations: Number(r.registrations),
        attendees: Number(r.attendees),
      }))
      .sort((a, b) => b.sessionsHeld - a.sessionsHeld || a.format.localeCompare(b.format));
    const seatsOffered = sumOf(byFormat, (f) => f.seatsOffered);
    const registrations = sumOf(byFormat, (f) => f.registrations);
    const attendees = sumOf(byFormat, (f) => f.attendees);
    const recorded = sumOf(held, (r) => r.recorded);
    return {
      offers: sumOf(
        rows.filter((r) => r.kind === 'offers'),
        (r) => r.offers,
      ),
      offersWithSessions: sumOf(held, (r) => r.offers),
      sessionsHeld: sumOf(byFormat, (f) => f.sessionsHeld),
      seatsOffered,
      registrations,
      fillRate: seatsOffered > 0 ? registrations / seatsOffered : null,
      attendees,
      attendanceRate: recorded > 0 ? attendees / recorded : null,
      byFormat,
    };
  },
};
