import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { foldForSearch } from '../../shared/text';
import { STANDARD_FIELD_NAMES } from '../exchange/table-schema';
import { pgTextArray } from '../../shared/sql';
import { Place } from '../place/place.entity';
import { PASS_NUMERIQUE_LABEL } from '../place/place.standard';
import { kindFromTypologies } from '../place/place.vocabulary';
import { placeSearchText } from '../place/place.write';

/** Dedup thresholds (documented in README.md next to this file). */
export const DEDUP = {
  /** Same SIRET: the same place when at most this far apart (or in the same commune when a side has no coordinates). */
  siretMeters: 200,
  /** Similar names: trigram similarity of the folded names at least this… */
  nameSimilarity: 0.6,
  /** …and at most this far apart. */
  nameMeters: 100,
  /** Without coordinates on a side: same commune and a name at least this similar. */
  nameSimilarityWithoutCoordinates: 0.9,
} as const;

export type Outcome =
  | { kind: 'created' | 'updated' | 'unchanged'; placeId: string; note?: string }
  | { kind: 'merged'; placeId: string; reason: string };

export interface ApplyContext {
  source: string;
  file: string;
  importId: string | null;
  /** SIRET or RNA -> Organization id, read once per import (organizations are few). */
  organizations: Map<string, string>;
  /** This batch's known records of the source (source id -> place and hash), read in one query; else per row. */
  known?: Map<string, { place_id: string; content_hash: string }>;
}

/** Every organization's SIRET and RNA, for linking places to their Organization by pivot. */
export async function organizationsByPivot(em: EntityManager): Promise<Map<string, string>> {
  const rows = await em.execute<{ id: string; siret: string | null; rna: string | null }[]>(
    'select id::text as id, siret, rna from organization',
  );
  const map = new Map<string, string>();
  for (const r of rows) for (const pivot of [r.siret, r.rna]) if (pivot) map.set(pivot, r.id);
  return map;
}

/** The known records of a source among these ids, in one query. */
export async function knownRecords(
  em: EntityManager,
  source: string,
  ids: string[],
): Promise<Map<string, { place_id: string; content_hash: string }>> {
  const rows = await em.execute<{ source_id: string; place_id: string; content_hash: string }[]>(
    `select source_id, place_id::text as place_id, content_hash from place_source
     where source = ? and source_id = any(?::text[])`,
    [source, pgTextArray(ids)],
  );
  return new Map(rows.map((r) => [r.source_id, r]));
}

/** The content hash of a normalised record: tells an unchanged row on the next run. */
export function contentHash(cells: Record<string, string>): string {
  const canonical = STANDARD_FIELD_NAMES.map((f) => [f, cells[f] ?? '']);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

const list = (value: string | undefined) => (value ? value.split('|').filter(Boolean) : []);
const text = (value: string | undefined) => (value ? value : null);

/** The place fields a record of the national standard carries (the inverse of toStandardRecord). */
export function fieldsOf(cells: Record<string, string>): Partial<Place> {
  const other = list(cells.autres_formations_labels);
  return {
    sourceId: cells.id,
    pivot: cells.pivot,
    name: cells.nom,
    communeName: cells.commune,
    postalCode: cells.code_postal,
    inseeCode: cells.code_insee,
    address: cells.adresse,
    addressComplement: text(cells.complement_adresse),
    latitude: cells.latitude ? Number(cells.latitude) : null,
    longitude: cells.longitude ? Number(cells.longitude) : null,
    typologies: list(cells.typologie),
    phone: text(cells.telephone),
    emails: list(cells.courriels),
    websites: list(cells.site_web),
    openingHours: text(cells.horaires),
    summary: text(cells.presentation_resume),
    description: text(cells.presentation_detail),
    source: text(cells.source),
    mobility: list(cells.itinerance),
    parentStructure: text(cells.structure_parente),
    updatedOn: cells.date_maj,
    services: list(cells.services),
    publics: list(cells.publics_specifiquement_adresses),
    specificSupport: list(cells.prise_en_charge_specifique),
    fees: list(cells.frais_a_charge),
    nationalProgrammes: list(cells.dispositif_programmes_nationaux),
    labels: list(cells.formations_labels),
    otherLabels: other.filter((l) => l !== PASS_NUMERIQUE_LABEL),
    acceptsPassNumerique: other.includes(PASS_NUMERIQUE_LABEL),
    accessModes: list(cells.modalites_acces),
    supportModes: list(cells.modalites_accompagnement),
    accessibilitySheetUrl: text(cells.fiche_acces_libre),
    appointmentUrl: text(cells.prise_rdv),
  };
}

const isEmpty = (v: unknown) => v == null || v === '' || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Writes fields into a place. `onlyEmpty` (an older record merged into a fresher place) fills gaps and never
 * overwrites; an empty incoming value erases only when `erase` (the same source's own record). True when anything changed.
 */
function assign(
  place: Place,
  fields: Partial<Place>,
  { onlyEmpty, erase }: { onlyEmpty: boolean; erase: boolean },
) {
  let changed = false;
  const target = place as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'sourceId' && place.sourceId) continue;
    if (key === 'updatedOn' && onlyEmpty) continue;
    if (key === 'acceptsPassNumerique' && onlyEmpty && place.acceptsPassNumerique) continue;
    if (onlyEmpty && !isEmpty(target[key])) continue;
    if (!erase && isEmpty(value) && !isEmpty(target[key])) continue;
    if (same(target[key], value)) continue;
    target[key] = value;
    changed = true;
  }
  if (changed) {
    place.kind = kindFromTypologies(place.typologies);
    place.searchText = placeSearchText(place);
  }
  return changed;
}

function trigrams(value: string): Set<string> {
  const grams = new Set<string>();
  for (const word of foldForSearch(value)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

/** pg_trgm's similarity: shared trigrams over all trigrams of the two names. */
export function nameSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  const union = x.size + y.size - shared;
  return union ? shared / union : 0;
}

function metersBetween(
  a: { latitude?: number | null; longitude?: number | null },
  b: typeof a,
): number | null {
  if (a.latitude == null || a.longitude == null || b.latitude == null || b.longitude == null) return null;
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

interface Candidate {
  id: string;
  name: string;
  pivot: string;
  insee_code: string;
  latitude: number | null;
  longitude: number | null;
}

/** The existing place a new record is a duplicate of, with the reason; null when it is a new place. */
async function findDuplicate(
  em: EntityManager,
  fields: Partial<Place>,
): Promise<{ id: string; reason: string } | null> {
  // Same commune or same pivot: a duplicate a few metres away across a commune border is missed (documented).
  const candidates = await em.execute<Candidate[]>(
    `select id::text as id, name, pivot, insee_code, latitude, longitude from place
     where insee_code = ? or pivot = ? order by id limit 2000`,
    [fields.inseeCode, fields.pivot],
  );
  let best: { id: string; name: string; reason: string; score: number } | null = null;
  for (const place of candidates) {
    const meters = metersBetween(place, fields);
    const similarity = nameSimilarity(place.name, fields.name ?? '');
    const sameCommune = place.insee_code === fields.inseeCode;
    let reason: string | null = null;
    if (/^\d{14}$/.test(fields.pivot ?? '') && place.pivot === fields.pivot) {
      if (meters != null && meters <= DEDUP.siretMeters)
        reason = `same SIRET ${place.pivot}, ${Math.round(meters)} m apart`;
      else if (meters == null && sameCommune)
        reason = `same SIRET ${place.pivot} in the same commune (no coordinates)`;
    }
    if (!reason && meters != null && meters <= DEDUP.nameMeters && similarity >= DEDUP.nameSimilarity)
      reason = `similar name (${similarity.toFixed(2)}) ${Math.round(meters)} m apart`;
    if (!reason && meters == null && sameCommune && similarity >= DEDUP.nameSimilarityWithoutCoordinates)
      reason = `nearly the same name (${similarity.toFixed(2)}) in the same commune (no coordinates)`;
    const score = similarity - (meters ?? 0) / 1000;
    if (reason && (!best || score > best.score)) best = { id: place.id, name: place.name, reason, score };
  }
  return best && { id: best.id, reason: `${best.reason}: "${best.name}"` };
}

async function link(
  em: EntityManager,
  ctx: ApplyContext,
  cells: Record<string, string>,
  placeId: string,
  hash: string,
  row: number,
): Promise<void> {
  await em.execute(
    `insert into place_source (source, source_id, place_id, content_hash, import_id, file, row_number, imported_at)
     values (?, ?, ?, ?, ?, ?, ?, now())
     on conflict (source, source_id) do update set place_id = excluded.place_id, content_hash = excluded.content_hash, import_id = excluded.import_id, file = excluded.file,
       row_number = excluded.row_number, imported_at = excluded.imported_at`,
    [ctx.source, cells.id, placeId, hash, ctx.importId, ctx.file, row],
    'run',
  );
}

/** Applies one valid, normalised record of a source: create, update, leave unchanged or merge into a duplicate. */
export async function applyRecord(
  em: EntityManager,
  ctx: ApplyContext,
  row: number,
  cells: Record<string, string>,
): Promise<Outcome> {
  const hash = contentHash(cells);
  const fields = fieldsOf(cells);
  const known = ctx.known
    ? ctx.known.get(cells.id)
    : (
        await em.execute<{ place_id: string; content_hash: string }[]>(
          'select place_id::text as place_id, content_hash from place_source where source = ? and source_id = ?',
          [ctx.source, cells.id],
        )
      )[0];
  fields.organizationId = ctx.organizations.get(cells.pivot) ?? null;

  if (known) {
    if (known.content_hash === hash) return { kind: 'unchanged', placeId: known.place_id };
    const place = await em.findOneOrFail(Place, { id: known.place_id });
    const older = cells.date_maj < place.updatedOn;
    const changed = assign(place, fields, { onlyEmpty: older, erase: true });
    await em.flush();
    await link(em, ctx, cells, place.id, hash, row);
    if (!changed) return { kind: 'unchanged', placeId: place.id };
    return older
      ? {
          kind: 'updated',
          placeId: place.id,
          note: `older than the hub's data (${place.updatedOn}): only gaps filled`,
        }
      : { kind: 'updated', placeId: place.id };
  }

  const duplicate = await findDuplicate(em, fields);
  if (duplicate) {
    const place = await em.findOneOrFail(Place, { id: duplicate.id });
    const older = cells.date_maj < place.updatedOn;
    const changed = assign(place, fields, { onlyEmpty: older, erase: false });
    await em.flush();
    await link(em, ctx, cells, place.id, hash, row);
    // A record that is exactly what the place already says (an export imported back) changes nothing.
    if (!changed && !older) return { kind: 'unchanged', placeId: place.id };
    return {
      kind: 'merged',
      placeId: place.id,
      reason: older
        ? `${duplicate.reason}; older (${cells.date_maj} < ${place.updatedOn}): only gaps filled`
        : duplicate.reason,
    };
  }

  const place = em.create(Place, {
    ...fields,
    kind: kindFromTypologies(fields.typologies ?? []),
    searchText: '',
  } as Place);
  place.searchText = placeSearchText(place);
  em.persist(place);
  await em.flush();
  await link(em, ctx, cells, place.id, hash, row);
  return { kind: 'created', placeId: place.id };
}
