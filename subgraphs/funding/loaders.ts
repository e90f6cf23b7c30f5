import type { EntityManager } from '@mikro-orm/postgresql';
import { entityLoader, groupLoader } from '../shared/loaders';
import { UUID_PATTERN } from '../../common/uuid';
import { Accreditation } from './accreditation/accreditation.entity';
import { Carnet } from './carnet/carnet.entity';
import {
  aggregateLoader,
  createPrescriberStatsLoader,
  createTrainerStatsLoader,
  latestPerParent,
} from './federation/organization-stats';
import { Pass, Redemption } from './pass/pass.entity';
import { Contribution, FundingProgram } from './program/program.entity';
import { Reimbursement } from './reimbursement/reimbursement.entity';
import { createTerritoryIndicatorLoader } from '../shared/territory-indicator';
import { passStatsIndicator } from './territory/pass-stats';
import { createProgramMonthsLoader } from './program/cofunder-statement';
import { createOrganizationPassActivityLoader } from './federation/organization-activity';

const isUuid = (k: string) => UUID_PATTERN.test(k);

export interface ProgramLedger {
  redeemedCents: number;
  reimbursedCents: number;
  expiredCents: number;
}

/** The funding subgraph's per-request DataLoaders, built on the request's EntityManager fork. */
export function createFundingLoaders(em: EntityManager) {
  return {
    program: entityLoader(em, FundingProgram, 'id', isUuid),
    programLedger: aggregateLoader<ProgramLedger>(
      em,
      `select program_id as key,
         coalesce(sum(value_cents) filter (where status in ('REDEEMED', 'REIMBURSED')), 0) as redeemed,
         coalesce(sum(value_cents) filter (where status = 'REIMBURSED'), 0) as reimbursed,
         coalesce(sum(value_cents) filter (where status = 'EXPIRED'), 0) as expired
       from pass where program_id = any(?::text[]::uuid[]) group by program_id`,
      (r) => ({
        redeemedCents: Number(r.redeemed),
        reimbursedCents: Number(r.reimbursed),
        expiredCents: Number(r.expired),
      }),
      { redeemedCents: 0, reimbursedCents: 0, expiredCents: 0 },
    ),
    contributionsByProgram: groupLoader(
      em,
      Contribution,
      'programId',
      { amountCents: 'desc', id: 'asc' },
      isUuid,
    ),
    contributionsByFunder: groupLoader(em, Contribution, 'funderId', { createdAt: 'asc', id: 'asc' }, isUuid),
    carnet: entityLoader(em, Carnet, 'id', isUuid),
    passesByCarnet: groupLoader(em, Pass, 'carnetId', { serial: 'asc' }, isUuid),
    pass: entityLoader(em, Pass, 'id', isUuid),
    redemptionByPass: entityLoader(em, Redemption, 'passId', isUuid),
    redemptionsBySession: groupLoader(
      em,
      Redemption,
      'trainingSessionId',
      { redeemedAt: 'asc', id: 'asc' },
      isUuid,
    ),
    redemptionsByReimbursement: groupLoader(
      em,
      Redemption,
      'reimbursementId',
      { redeemedAt: 'asc', id: 'asc' },
      isUuid,
    ),
    reimbursement: entityLoader(em, Reimbursement, 'id', isUuid),
    reimbursementsByTrainer: groupLoader(em, Reimbursement, 'trainerId', { month: 'desc' }, isUuid),
    accreditationsByOrganization: groupLoader(em, Accreditation, 'organizationId', { role: 'asc' }, isUuid),
    prescriberStats: createPrescriberStatsLoader(em),
    trainerStats: createTrainerStatsLoader(em),
    latestCarnetsByPrescriber: latestPerParent(
      em,
      Carnet,
      'carnet',
      'prescriber_id',
      't.issued_on desc, t.id',
    ),
    latestRedemptionsByTrainer: latestPerParent(
      em,
      Redemption,
      'redemption',
      'trainer_id',
      't.redeemed_at desc, t.id',
    ),
    passesUsedBySession: aggregateLoader(
      em,
      `select training_session_id as key, count(*) as n from redemption
       where training_session_id = any(?::text[]::uuid[]) group by training_session_id`,
      (r) => Number(r.n),
      0,
    ),
    passStats: createTerritoryIndicatorLoader(em, passStatsIndicator),
    programMonths: createProgramMonthsLoader(em),
    organizationPassActivity: createOrganizationPassActivityLoader(em),
    dataStart: aggregateLoader(
      em,
      // The first day of any programme: no carnet, pass or reimbursement can be older.
      `select 'all' as key, to_char(min(valid_from), 'YYYY-MM-DD') as first from funding_program
       where ?::text[] is not null having min(valid_from) is not null`,
      (r) => r.first,
      undefined as string | undefined,
      () => true,
    ),
  };
}

export type FundingLoaders = ReturnType<typeof createFundingLoaders>;
