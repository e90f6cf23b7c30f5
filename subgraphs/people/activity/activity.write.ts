import type { EntityManager } from '@mikro-orm/postgresql';
import { InputProblems } from '../../shared/errors';
import { UUID_PATTERN } from '../../../common/uuid';
import { territoryReference } from '../../shared/territory';
import { isPastDate } from '../dates';
import { Person } from '../person/person.entity';
import { ActivityEquipment, ActivityLocationType, ActivityType } from '../vocabulary';
import { Activity } from './activity.entity';
import type { ActivityInput } from './activity.input';

/** Checks that need no database. */
export function checkActivityInput(input: ActivityInput): InputProblems {
  const problems = new InputProblems();
  const territory = territoryReference();
  if (!UUID_PATTERN.test(input.personId)) problems.add('input.personId', 'not a person id');
  const atPlace = input.locationType === ActivityLocationType.LIEU_ACTIVITE;
  if (atPlace && input.placeId == null) problems.add('input.placeId', 'is required for help at a place');
  else if (!atPlace && input.placeId != null)
    problems.add('input.placeId', 'only for help at a place (locationType LIEU_ACTIVITE)');
  else if (input.placeId != null && !UUID_PATTERN.test(input.placeId))
    problems.add('input.placeId', 'not a place id');
  if (input.inseeCode != null && !territory.isCommune(input.inseeCode))
    problems.add('input.inseeCode', `unknown commune ${input.inseeCode}`);
  if (input.participantInseeCode != null && !territory.isCommune(input.participantInseeCode))
    problems.add('input.participantInseeCode', `unknown commune ${input.participantInseeCode}`);
  if (input.inseeCode == null && (atPlace || input.participantInseeCode == null))
    problems.add(
      'input.inseeCode',
      atPlace ? 'is required for help at a place' : 'or participantInseeCode is required',
    );
  if (!isPastDate(input.date)) problems.add('input.date', 'must be a date (YYYY-MM-DD), not in the future');
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 720)
    problems.add('input.durationMinutes', 'must be between 1 and 720');
  if (input.themes.length === 0) problems.add('input.themes', 'at least one theme');
  const collective = input.type === ActivityType.COLLECTIF;
  const participants = input.participantsCount ?? 1;
  if (!collective && participants !== 1) problems.add('input.participantsCount', 'is 1 for individual help');
  else if (!Number.isInteger(participants) || participants < 1 || participants > 500)
    problems.add('input.participantsCount', 'must be between 1 and 500');
  if (!collective && input.workshopLevel != null)
    problems.add('input.workshopLevel', 'only for a collective workshop');
  const equipment = input.equipment ?? [];
  if (equipment.includes(ActivityEquipment.AUCUN) && equipment.length > 1)
    problems.add('input.equipment', 'AUCUN excludes any other equipment');
  return problems;
}

/** Validates (the person exists) and builds the record; the caller persists it. */
export async function buildActivity(em: EntityManager, input: ActivityInput): Promise<Activity> {
  const problems = checkActivityInput(input);
  problems.throwIfAny();
  if (!(await em.findOne(Person, { id: input.personId }))) problems.add('input.personId', 'unknown person');
  problems.throwIfAny();
  const activity = new Activity();
  Object.assign(activity, {
    personId: input.personId,
    locationType: input.locationType,
    placeId: input.placeId ?? null,
    inseeCode: input.inseeCode ?? input.participantInseeCode,
    date: input.date,
    type: input.type,
    durationMinutes: input.durationMinutes,
    themes: [...new Set(input.themes)],
    participantsCount: input.participantsCount ?? 1,
    equipment: [...new Set(input.equipment ?? [])],
    autonomy: input.autonomy ?? null,
    workshopLevel: input.workshopLevel ?? null,
    participantAgeBand: input.participantAgeBand ?? null,
    participantSocialStatus: input.participantSocialStatus ?? null,
    participantInseeCode: input.participantInseeCode ?? null,
  });
  return activity;
}
