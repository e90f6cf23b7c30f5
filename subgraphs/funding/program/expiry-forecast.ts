import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { forbidden, readsEverything, type Viewer } from '../../../common/auth';
import { badUserInput } from '../../shared/errors';
import { executeNamed } from '../../shared/sql';
import { territoryReference } from '../../shared/territory';
import { todayInParis } from '../../shared/today';
import { CommuneRef, EpciRef, OrganizationRef } from '../federation/stubs';
import { DateScalar, SafeIntScalar } from '../scalars';
import { LAPSED } from '../territory/pass-stats';
import type { Contribution, FundingProgram } from './program.entity';

export const MAX_WITHIN_DAYS = 400;
export const MAX_FORECAST_ROWS = 1000;

@ObjectType({ description: 'Unused passes of one group that will expire, and their value.' })
export class PassExpiryGroup {
  @Field(() => ID, { description: 'The forecast id, then the group key.' })
  id!: string;

  @Field(() => Int, { description: 'Passes still unused (issued, not redeemed nor cancelled).' })
  passes!: number;

  @Field(() => SafeIntScalar, { description: 'Their value, in cents.' })
  amountCents!: number;
}

@ObjectType({ description: 'Unused passes handed out by one prescriber that will expire.' })
export class PassExpiryByPrescriber extends PassExpiryGroup {
  @Field(() => OrganizationRef, {
    nullable: true,
    description:
      'The prescriber that issued them. Null, with an error on this path, when the places subgraph fails.',
  })
  prescriber!: OrganizationRef;
}

@ObjectType({ description: 'Unused passes of the beneficiaries of one EPCI that will expire.' })
export class PassExpiryByEpci extends PassExpiryGroup {
  @Field(() => EpciRef, {
    nullable: true,
    description:
      "The EPCI of the beneficiaries' commune. Null, with an error on this path, when the places subgraph fails.",
  })
  epci!: EpciRef;
}

@ObjectType({ description: 'Unused passes of one prescriber, beneficiary commune and validity end.' })
export class PassExpiryRow extends PassExpiryGroup {
  @Field(() => OrganizationRef, {
    nullable: true,
    description:
      'The prescriber that issued them. Null, with an error on this path, when the places subgraph fails.',
  })
  prescriber!: OrganizationRef;

  @Field(() => CommuneRef, {
    nullable: true,
    description:
      "The beneficiaries' commune of residence. Null, with an error on this path, when the places subgraph fails.",
  })
  commune!: CommuneRef;

  @Field(() => EpciRef, { nullable: true, description: 'Its EPCI.' })
  epci!: EpciRef | null;

  @Field(() => DateScalar, { description: 'End of their validity (31 December of their year of issue).' })
  expiresOn!: Date;

  @Field(() => DateScalar, { description: 'Last day they are accepted (31 January after).' })
  redeemableUntil!: Date;
}

@ObjectType({
  description:
    "A programme's passes still unused whose validity ends within the horizon (or already ended, within the January tolerance), by prescriber and territory: what to redistribute before it is lost. Admin, analysts, the préfecture, the programme's operator and co-funders read all of it; a prescriber partner its own passes; anonymous callers nothing.",
})
export class PassExpiryForecast {
  @Field(() => ID, {
    description:
      'Stable identity: `PassExpiryForecast:<programme id>:<asOf>+<withinDays>`, then `:prescriber:<id>` when scoped to one prescriber.',
  })
  id!: string;

  @Field(() => DateScalar, { description: 'The day of the forecast (today, Europe/Paris).' })
  asOf!: Date;

  @Field(() => DateScalar, { description: 'The horizon: validities ending up to this day are included.' })
  until!: Date;

  @Field(() => Int, { description: 'Unused passes that will expire.' })
  passes!: number;

  @Field(() => SafeIntScalar, { description: 'Their value, in cents.' })
  amountCents!: number;

  @Field(() => [PassExpiryByPrescriber], {
    description: 'By prescriber, most passes first (at most `first`).',
  })
  byPrescriber!: PassExpiryByPrescriber[];

  @Field(() => [PassExpiryByEpci], { description: "By the beneficiaries' EPCI, most passes first." })
  byEpci!: PassExpiryByEpci[];

  @Field(() => [PassExpiryRow], {
    description: 'By prescriber, commune and validity end, most passes first (at most `first`).',
  })
  rows!: PassExpiryRow[];
}

/** What part of a programme's forecast a viewer reads: all of it, one prescriber's passes, or none (FORBIDDEN). */
export function forecastScope(
  viewer: Viewer,
  program: FundingProgram,
  contributions: Contribution[],
): { prescriberId: string | null } {
  if (readsEverything(viewer)) return { prescriberId: null };
  if (viewer.role !== 'partner' || !viewer.organizationId)
    throw forbidden('the expiry forecast is not public: authentication required');
  const org = viewer.organizationId;
  if (program.operatorId === org || contributions.some((c) => c.funderId === org))
    return { prescriberId: null };
  return { prescriberId: org };
}

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const asDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

function byCount<T extends { passes: number; key: string }>(a: T, b: T): number {
  return b.passes - a.passes || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The forecast of one programme, read from the expiry rollup (one SQL). */
export async function expiryForecast(
  em: EntityManager,
  programId: string,
  args: { withinDays: number; first: number; prescriberId: string | null },
): Promise<PassExpiryForecast> {
  if (!Number.isInteger(args.withinDays) || args.withinDays < 0 || args.withinDays > MAX_WITHIN_DAYS)
    throw badUserInput('withinDays', `must be a whole number of days from 0 to ${MAX_WITHIN_DAYS}`);
  if (!Number.isInteger(args.first) || args.first < 0 || args.first > MAX_FORECAST_ROWS)
    throw badUserInput('first', `must be between 0 and ${MAX_FORECAST_ROWS}`);
  const today = todayInParis();
  const until = addDays(today, args.withinDays);
  const rows = await executeNamed<{
    prescriber_id: string;
    insee_code: string;
    date: string | Date;
    passes: string;
    cents: string;
  }>(
    em,
    `select prescriber_id, insee_code, date, sum(passes_unused) as passes, sum(amount_unused) as cents
       from pass_expiry_daily
       where program_id = :program::uuid and date <= :until::date and not (${LAPSED('date', ':today::date')})
         ${args.prescriberId ? 'and prescriber_id = :prescriber::uuid' : ''}
       group by prescriber_id, insee_code, date having sum(passes_unused) > 0`,
    { program: programId, until, today, prescriber: args.prescriberId },
  );
  const id = `PassExpiryForecast:${programId}:${today}+${args.withinDays}${
    args.prescriberId ? `:prescriber:${args.prescriberId}` : ''
  }`;
  const reference = territoryReference();
  const prescribers = new Map<string, { passes: number; amountCents: number }>();
  const epcis = new Map<string, { passes: number; amountCents: number }>();
  let passes = 0;
  let amountCents = 0;
  const detail = rows.map((r) => {
    const expiresOn = typeof r.date === 'string' ? r.date.slice(0, 10) : r.date.toISOString().slice(0, 10);
    const n = Number(r.passes);
    const cents = Number(r.cents);
    passes += n;
    amountCents += cents;
    const epci = reference.epciOf(r.insee_code) ?? null;
    for (const [map, key] of [
      [prescribers, r.prescriber_id],
      [epcis, epci],
    ] as const) {
      if (!key) continue;
      const group = map.get(key) ?? { passes: 0, amountCents: 0 };
      group.passes += n;
      group.amountCents += cents;
      map.set(key, group);
    }
    return {
      key: `${r.prescriber_id}:${r.insee_code}:${expiresOn}`,
      id: `${id}:${r.prescriber_id}:${r.insee_code}:${expiresOn}`,
      passes: n,
      amountCents: cents,
      prescriber: { id: r.prescriber_id },
      commune: { inseeCode: r.insee_code },
      epci: epci ? { siren: epci } : null,
      expiresOn: asDate(expiresOn),
      redeemableUntil: asDate(`${Number(expiresOn.slice(0, 4)) + 1}-01-31`),
    };
  });
  return {
    id,
    asOf: asDate(today),
    until: asDate(until),
    passes,
    amountCents,
    byPrescriber: [...prescribers]
      .map(([key, g]) => ({ key, id: `${id}:${key}`, prescriber: { id: key }, ...g }))
      .sort(byCount)
      .slice(0, args.first),
    byEpci: [...epcis]
      .map(([key, g]) => ({ key, id: `${id}:epci:${key}`, epci: { siren: key }, ...g }))
      .sort(byCount),
    rows: detail.sort(byCount).slice(0, args.first),
  };
}
