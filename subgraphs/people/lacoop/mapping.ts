import { MEDIATION_THEMES } from '../../shared/mediation-themes';
import { territoryReference } from '../../shared/territory';
import { isPastDate } from '../dates';
import {
  ActivityAutonomy,
  ActivityEquipment,
  ActivityLocationType,
  ActivityType,
  PersonRole,
  WorkshopLevel,
} from '../vocabulary';
import type { Activite, Structure, Utilisateur } from './contract';

/** The `source` of every record the sync writes. */
export const LACOOP_SOURCE = 'lacoop';

/** What the sync knows of a La Coop structure: where it is, and the hub place once matched. */
export interface StructureRef {
  inseeCode: string | null;
  placeId: string | null;
}

/** An activity row as the `activity` table holds it (snake_case, arrays as lists). */
export interface ActivityRow {
  upstreamId: string;
  personId: string;
  locationType: ActivityLocationType;
  placeId: string | null;
  upstreamStructureId: string | null;
  inseeCode: string;
  date: string;
  type: ActivityType;
  durationMinutes: number;
  themes: string[];
  participantsCount: number;
  equipment: string[];
  autonomy: string | null;
  workshopLevel: string | null;
  participantInseeCode: string | null;
  createdAt: Date;
}

/** Mapped, or kept out: `outOfScope` (another département) is skipped quietly, anything else is a rejection. */
export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string; outOfScope?: boolean };

const values = (e: object) => new Set<string>(Object.values(e));
const TYPES = values(ActivityType);
const LOCATIONS = values(ActivityLocationType);
const AUTONOMY = values(ActivityAutonomy);
const EQUIPMENT = values(ActivityEquipment);
const LEVELS = values(WorkshopLevel);
const THEMES = values(MEDIATION_THEMES);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fail = (reason: string): Mapped<never> => ({ ok: false, reason });
const outOfScope = (reason: string): Mapped<never> => ({ ok: false, reason, outOfScope: true });

/**
 * One La Coop activity to the hub's CRA vocabularies, or the reason it cannot be. Codes are the same
 * national codes on both sides (the hub's vocabularies were taken from this API), so the mapping checks
 * rather than translates; La Coop's `Activite` carries no age band nor social status (those exist only as
 * totals in /statistiques), so imported reports leave them empty.
 */
export function mapActivite(
  a: Activite,
  mediators: ReadonlyMap<string, string>,
  structures: ReadonlyMap<string, StructureRef>,
): Mapped<ActivityRow> {
  const at = a.attributes;
  if (!a.id || !UUID.test(a.id)) return fail('id is not a uuid');
  if (!at || typeof at !== 'object') return fail('no attributes');
  if (!TYPES.has(at.type)) return fail(`type "${at.type}" is not a CRA activity type`);
  const personId = mediators.get(at.mediateur_id);
  if (!personId) return fail(`mediateur ${at.mediateur_id} is not an imported person`);
  if (!LOCATIONS.has(at.type_lieu)) return fail(`type_lieu "${at.type_lieu}" is unknown`);
  if (typeof at.date !== 'string' || !isPastDate(at.date))
    return fail(`date "${at.date}" is not a past date`);
  const duration = Math.round(Number(at.duree));
  if (!Number.isFinite(duration) || duration < 1 || duration > 720)
    return fail(`duree ${at.duree} is outside 1–720 minutes`);
  const themes = [...new Set(at.thematiques ?? [])];
  if (themes.length === 0) return fail('no thematique');
  const unknownTheme = themes.find((t) => !THEMES.has(t));
  if (unknownTheme) return fail(`thematique "${unknownTheme}" is not a national mediation theme`);
  const equipment = [...new Set(at.materiel ?? [])];
  const unknownEquipment = equipment.find((m) => !EQUIPMENT.has(m));
  if (unknownEquipment) return fail(`materiel "${unknownEquipment}" is unknown`);
  if (equipment.includes(ActivityEquipment.AUCUN) && equipment.length > 1)
    return fail('materiel "aucun" together with other equipment');
  if (at.autonomie != null && !AUTONOMY.has(at.autonomie))
    return fail(`autonomie "${at.autonomie}" is unknown`);
  const collective = at.type === ActivityType.COLLECTIF;
  const participants = Number(at.accompagnements);
  if (!Number.isInteger(participants) || participants < 1 || participants > 500)
    return fail(`accompagnements ${at.accompagnements} is outside 1–500`);
  if (!collective && participants !== 1) return fail(`accompagnements ${participants} for individual help`);
  const level = collective ? at.niveau_atelier : null;
  if (level != null && !LEVELS.has(level)) return fail(`niveau_atelier "${level}" is unknown`);

  const territory = territoryReference();
  const atPlace = at.type_lieu === ActivityLocationType.LIEU_ACTIVITE;
  let inseeCode: string | null;
  let structure: StructureRef | undefined;
  if (atPlace) {
    if (!at.structure_id) return fail('type_lieu lieu_activite without structure_id');
    structure = structures.get(at.structure_id);
    if (!structure) return fail(`structure ${at.structure_id} is unknown`);
    inseeCode = structure.inseeCode;
    if (!inseeCode) return fail(`structure ${at.structure_id} has no code_insee`);
  } else {
    inseeCode = at.lieu_code_insee;
    if (!inseeCode) return fail(`type_lieu ${at.type_lieu} without lieu_code_insee`);
  }
  if (!territory.isCommune(inseeCode))
    return outOfScope(`commune ${inseeCode} is outside the hub's territory`);
  const createdAt = new Date(at.creation);
  if (Number.isNaN(createdAt.getTime())) return fail(`creation "${at.creation}" is not a date-time`);

  return {
    ok: true,
    value: {
      upstreamId: a.id,
      personId,
      locationType: at.type_lieu as ActivityLocationType,
      placeId: structure?.placeId ?? null,
      upstreamStructureId: atPlace && !structure?.placeId ? at.structure_id : null,
      inseeCode,
      date: at.date,
      type: at.type as ActivityType,
      durationMinutes: duration,
      themes,
      participantsCount: participants,
      equipment,
      autonomy: at.autonomie ?? null,
      workshopLevel: level ?? null,
      participantInseeCode: atPlace ? null : inseeCode,
      createdAt,
    },
  };
}

/** A person of the hub as La Coop describes a mediator or coordinator. */
export interface PersonRow {
  upstreamId: string;
  mediatorId: string | null;
  role: PersonRole;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  inseeCode: string;
  createdAt: Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9]{6,15}$/;

const current = (p: { fin?: string | null; suppression?: string | null }, now: number) =>
  !p.suppression && (!p.fin || Date.parse(p.fin) > now);

/**
 * A La Coop user to a hub person: role from the conseiller numérique flag (else coordinator, else médiateur),
 * commune from the structure they currently work at (the hub places people on its territory by commune).
 * Returns null (skip, not a rejection) for users who are neither mediators nor coordinators.
 */
export function mapUtilisateur(
  u: Utilisateur,
  structures: ReadonlyMap<string, StructureRef>,
  now = Date.now(),
): Mapped<PersonRow> | null {
  const at = u.attributes ?? {};
  if (!u.id || !UUID.test(u.id)) return fail('id is not a uuid');
  if (!at.mediateur && !at.coordinateur) return null;
  const role = at.conseiller_numerique?.is_conseiller_numerique
    ? PersonRole.CONSEILLER_NUMERIQUE
    : at.coordinateur
      ? PersonRole.COORDINATEUR
      : PersonRole.MEDIATEUR;
  const firstName = at.prenom?.trim();
  const lastName = at.nom?.trim();
  if (!firstName || firstName.length > 100) return fail('prenom is missing or longer than 100 characters');
  if (!lastName || lastName.length > 100) return fail('nom is missing or longer than 100 characters');
  const email = at.email?.trim() || null;
  if (email != null && (!EMAIL.test(email) || email.length > 254))
    return fail('email is not an e-mail address');
  const phone = at.telephone?.replace(/[\s.-]/g, '') || null;
  const workplaces = [...(at.mediateur?.en_activite ?? []), ...(at.emplois ?? [])].filter((p) =>
    current(p, now),
  );
  const territory = territoryReference();
  const inseeCode = workplaces
    .map((p) => (p.structure_id ? structures.get(p.structure_id)?.inseeCode : null))
    .find((code): code is string => !!code && territory.isCommune(code));
  if (!inseeCode) return outOfScope('no current workplace in a commune of the hub’s territory');
  const createdAt = new Date(at.creation ?? '');
  return {
    ok: true,
    value: {
      upstreamId: u.id,
      mediatorId: at.mediateur?.id && UUID.test(at.mediateur.id) ? at.mediateur.id : null,
      role,
      firstName,
      lastName,
      email,
      phone: phone && PHONE.test(phone) ? phone : null,
      inseeCode,
      createdAt: Number.isNaN(createdAt.getTime()) ? new Date() : createdAt,
    },
  };
}

/** A La Coop structure reduced to what the hub keeps: a reference to match to a hub place later. */
export function structureRow(s: Structure) {
  const at = s.attributes;
  const insee = at.code_insee && /^[0-9AB]{5}$/.test(at.code_insee) ? at.code_insee : null;
  const siret = at.siret && /^[0-9]{14}$/.test(at.siret) ? at.siret : null;
  return {
    id: s.id,
    name: String(at.nom ?? '').slice(0, 500) || '(sans nom)',
    siret,
    inseeCode: insee,
    postalCode: at.code_postal && /^[0-9]{5}$/.test(at.code_postal) ? at.code_postal : null,
    commune: at.commune ? String(at.commune).slice(0, 200) : null,
    deletedAt: at.suppression ? new Date(at.suppression) : null,
    modifiedAt: new Date(at.modification ?? at.creation),
  };
}
