import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { foldForSearch } from '../../shared/text';
import { STANDARD_FIELD_NAMES } from '../exchange/table-schema';
import { pgTextArray } from '../../shared/sql';
import { boxAround, greatCircleMeters } from '../../shared/geography';
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

function similarityOf(x: Set<string>, y: Set<string>): number {
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  const union = x.size + y.size - shared;
  return union ? shared / union : 0;
}

/** pg_trgm's similarity: shared trigrams over all trigrams of the two names. */
export function nameSimilarity(a: string, b: string): number {
  return similarityOf(trigrams(a), trigrams(b));
}

/** What dedup reads of an existing place. */
interface Candidate {
  id: string;
  name: string;
  pivot: string;
  inseeCode: string;
  latitude: number | null;
  longitude: number | null;
}

type Point = { latitude?: number | null; longitude?: number | null };
function hasPoint<T extends Point>(p: T): p is T & { latitude: number; longitude: number } {
  return p.latitude != null && p.longitude != null;
}

/** The farthest apart two records of one place can be (the larger of the two distance rules). */
const MATCH_METERS = Math.max(DEDUP.siretMeters, DEDUP.nameMeters);
/** Candidates read per record's box, and per commune for records without coordinates. */
const CANDIDATES_PER_KEY = 2000;
/** Grid cells of the in-memory look-up, in degrees: wider than MATCH_METERS, so that 3 × 3 cells cover it. */
const CELL_DEGREES = 0.01;
const cellOf = (latitude: number, longitude: number) =>
  [Math.floor(latitude / CELL_DEGREES), Math.floor(longitude / CELL_DEGREES)] as const;

/**
 * A pivot that says which structure a place is: national files write "00000000000000" for a place without a
 * SIRET, and places sharing that are not the same structure (dedup never merges on it).
 */
function usablePivot(pivot: string | null | undefined): pivot is string {
  return Boolean(pivot) && !/^0+$/.test(pivot!);
}

/**
 * The places a chunk's new records may be duplicates of, read in one statement: for a record with coordinates,
 * the places within MATCH_METERS of it (whatever their commune, through the GiST index on the location) and the
 * places of its commune without coordinates; for a record without, the places of its commune. Plus the places the
 * chunk itself touches (created, updated or merged into), seen with their current values, so that a chunk decides
 * as row-by-row application would. Memory and reads grow with the chunk, not with the table.
 */
class CandidatePool {
  private readonly byCell = new Map<string, Candidate[]>();
  private readonly byCommune = new Map<string, Candidate[]>();
  private readonly touched = new Map<string, Place>();
  private readonly grams = new Map<string, Set<string>>();

  static async read(em: EntityManager, records: Partial<Place>[]): Promise<CandidatePool> {
    const pool = new CandidatePool();
    if (!records.length) return pool;
    const located = records.filter(hasPoint);
    const box = located.map((r) => boxAround(r.latitude, r.longitude, MATCH_METERS));
    const communesOfLocated = [...new Set(located.map((r) => r.inseeCode ?? ''))];
    const communesOfUnlocated = [
      ...new Set(records.filter((r) => !hasPoint(r)).map((r) => r.inseeCode ?? '')),
    ];
    const columns = 'id::text as id, name, pivot, insee_code, latitude, longitude';
    const rows = await em.execute<
      {
        id: string;
        name: string;
        pivot: string;
        insee_code: string;
        latitude: number | null;
        longitude: number | null;
      }[]
    >(
      `select p.* from unnest(?::float8[], ?::float8[], ?::float8[], ?::float8[]) b(w, s, e, n)
         cross join lateral (select ${columns} from place
           where point(longitude, latitude) <@ box(point(b.w, b.s), point(b.e, b.n))
           order by id limit ${CANDIDATES_PER_KEY}) p
       union
       select p.* from unnest(?::text[]) k(insee) cross join lateral (select ${columns} from place
           where insee_code = k.insee and (latitude is null or longitude is null)
           order by id limit ${CANDIDATES_PER_KEY}) p
       union
       select p.* from unnest(?::text[]) k(insee) cross join lateral (select ${columns} from place
           where insee_code = k.insee order by id limit ${CANDIDATES_PER_KEY}) p`,
      [
        `{${box.map((b) => b.west).join(',')}}`,
        `{${box.map((b) => b.south).join(',')}}`,
        `{${box.map((b) => b.east).join(',')}}`,
        `{${box.map((b) => b.north).join(',')}}`,
        pgTextArray(communesOfLocated),
        pgTextArray(communesOfUnlocated),
      ],
    );
    for (const r of rows)
      pool.index({
        id: r.id,
        name: r.name,
        pivot: r.pivot,
        inseeCode: r.insee_code,
        latitude: r.latitude == null ? null : Number(r.latitude),
        longitude: r.longitude == null ? null : Number(r.longitude),
      });
    return pool;
  }

  /** Lists a candidate under its commune and, when it has coordinates, its grid cell. */
  private index(candidate: Candidate): void {
    const add = (lists: Map<string, Candidate[]>, key: string) => {
      const list = lists.get(key);
      if (list) list.push(candidate);
      else lists.set(key, [candidate]);
    };
    add(this.byCommune, `c:${candidate.inseeCode}`);
    if (hasPoint(candidate)) add(this.byCell, cellOf(candidate.latitude, candidate.longitude).join(':'));
  }

  /** A place the chunk has written (or is about to): from now on its in-memory values are the truth. */
  touch(place: Place): void {
    this.touched.set(place.id, place);
    this.index(place as Candidate);
  }

  entity(id: string): Place | undefined {
    return this.touched.get(id);
  }

  trigramsOf(name: string): Set<string> {
    let grams = this.grams.get(name);
    if (!grams) {
      grams = trigrams(name);
      if (this.grams.size > 50_000) this.grams.clear();
      this.grams.set(name, grams);
    }
    return grams;
  }

  /**
   * The places near this record (or of its commune, for one without coordinates), each once, with their current
   * values, that `keep` admits, in id order (the order decides between equal scores).
   */
  candidates<T>(record: Partial<Place>, keep: (c: Candidate) => T | null): [Candidate, T][] {
    const found = new Map<string, [Candidate, T]>();
    const consider = (listed: Candidate) => {
      // A place the chunk touched is judged on its current values (it may have moved since it was listed).
      const c = (this.touched.get(listed.id) as Candidate | undefined) ?? listed;
      if (found.has(c.id)) return;
      const kept = keep(c);
      if (kept !== null) found.set(c.id, [c, kept]);
    };
    const ofCommune = this.byCommune.get(`c:${record.inseeCode ?? ''}`) ?? [];
    if (hasPoint(record)) {
      const [row, column] = cellOf(record.latitude, record.longitude);
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++)
          for (const c of this.byCell.get(`${row + dr}:${column + dc}`) ?? []) consider(c);
      for (const c of ofCommune) if (!hasPoint(c)) consider(c);
    } else {
      for (const c of ofCommune) consider(c);
    }
    return [...found.values()].sort(([a], [b]) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** The existing place a new record is a duplicate of, with the reason; null when it is a new place. */
function findDuplicate(pool: CandidatePool, fields: Partial<Place>): { id: string; reason: string } | null {
  const siret = usablePivot(fields.pivot) && /^\d{14}$/.test(fields.pivot) ? fields.pivot : null;
  // Only a candidate one of the rules below can accept has its name compared.
  const near = (place: Candidate) => {
    const meters = hasPoint(place) && hasPoint(fields) ? greatCircleMeters(place, fields) : null;
    const sameCommune = place.inseeCode === fields.inseeCode;
    const possible =
      meters == null
        ? sameCommune
        : meters <= DEDUP.nameMeters ||
          (siret !== null && place.pivot === siret && meters <= DEDUP.siretMeters);
    return possible ? { meters, sameCommune } : null;
  };
  let best: { id: string; name: string; reason: string; score: number } | null = null;
  const grams = pool.trigramsOf(fields.name ?? '');
  for (const [place, { meters, sameCommune }] of pool.candidates(fields, near)) {
    const similarity = similarityOf(pool.trigramsOf(place.name), grams);
    let reason: string | null = null;
    if (siret && place.pivot === siret) {
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

/** A valid, normalised record of the file, with its row number. */
export interface ChunkRow {
  row: number;
  cells: Record<string, string>;
}

/** The source links of a chunk, written in one statement (after the chunk's places, which they reference). */
async function linkAll(
  em: EntityManager,
  ctx: ApplyContext,
  links: { sourceId: string; placeId: string; hash: string; row: number }[],
): Promise<void> {
  if (!links.length) return;
  await em.execute(
    `insert into place_source (source, source_id, place_id, content_hash, import_id, file, row_number, imported_at)
     select ?, l.source_id, l.place_id, l.content_hash, ?::uuid, ?, l.row_number, now()
       from unnest(?::text[], ?::uuid[], ?::text[], ?::int[]) l(source_id, place_id, content_hash, row_number)
     on conflict (source, source_id) do update set place_id = excluded.place_id, content_hash = excluded.content_hash,
       import_id = excluded.import_id, file = excluded.file, row_number = excluded.row_number,
       imported_at = excluded.imported_at`,
    [
      ctx.source,
      ctx.importId,
      ctx.file,
      pgTextArray(links.map((l) => l.sourceId)),
      pgTextArray(links.map((l) => l.placeId)),
      pgTextArray(links.map((l) => l.hash)),
      `{${links.map((l) => l.row).join(',')}}`,
    ],
    'run',
  );
}

/**
 * Applies a chunk of valid, normalised records of a source (ids unique, as the check pass made sure), in the
 * caller's transaction: each record is created, updated, left unchanged or merged into a duplicate, in file order,
 * exactly as one record at a time would be, with a fixed number of statements per chunk: the source's known
 * records, the dedup candidates, the places to update or merge into, then one flush (multi-row inserts and
 * updates) and one upsert of the source links.
 */
export async function applyChunk(em: EntityManager, ctx: ApplyContext, rows: ChunkRow[]): Promise<Outcome[]> {
  const prepared = rows.map(({ row, cells }) => {
    const fields = fieldsOf(cells);
    fields.organizationId = ctx.organizations.get(cells.pivot) ?? null;
    return { row, cells, fields, hash: contentHash(cells) };
  });
  const known = await knownRecords(
    em,
    ctx.source,
    prepared.map((r) => r.cells.id),
  );
  const fresh = prepared.filter((r) => !known.has(r.cells.id));
  const pool = await CandidatePool.read(
    em,
    fresh.map((r) => r.fields),
  );
  // The places the chunk will write, read in one statement: known records that changed, and the duplicates
  // found against the chunk's starting state (a later decision that differs is read on its own below).
  const wanted = new Set<string>();
  for (const r of prepared) {
    const k = known.get(r.cells.id);
    if (k && k.content_hash !== r.hash) wanted.add(k.place_id);
    if (!k) {
      const duplicate = findDuplicate(pool, r.fields);
      if (duplicate) wanted.add(duplicate.id);
    }
  }
  if (wanted.size) for (const place of await em.find(Place, { id: { $in: [...wanted] } })) pool.touch(place);
  const load = async (id: string) => {
    let place = pool.entity(id);
    if (!place) {
      place = await em.findOneOrFail(Place, { id });
      pool.touch(place);
    }
    return place;
  };

  const outcomes: Outcome[] = [];
  const links: { sourceId: string; placeId: string; hash: string; row: number }[] = [];
  for (const { row, cells, fields, hash } of prepared) {
    const link = (placeId: string) => links.push({ sourceId: cells.id, placeId, hash, row });
    const k = known.get(cells.id);
    if (k) {
      if (k.content_hash === hash) {
        outcomes.push({ kind: 'unchanged', placeId: k.place_id });
        continue;
      }
      const place = await load(k.place_id);
      const older = cells.date_maj < place.updatedOn;
      const changed = assign(place, fields, { onlyEmpty: older, erase: true });
      pool.touch(place);
      link(place.id);
      if (!changed) outcomes.push({ kind: 'unchanged', placeId: place.id });
      else
        outcomes.push(
          older
            ? {
                kind: 'updated',
                placeId: place.id,
                note: `older than the hub's data (${place.updatedOn}): only gaps filled`,
              }
            : { kind: 'updated', placeId: place.id },
        );
      continue;
    }
    const duplicate = findDuplicate(pool, fields);
    if (duplicate) {
      const place = await load(duplicate.id);
      const older = cells.date_maj < place.updatedOn;
      const changed = assign(place, fields, { onlyEmpty: older, erase: false });
      pool.touch(place);
      link(place.id);
      // A record that is exactly what the place already says (an export imported back) changes nothing.
      if (!changed && !older) outcomes.push({ kind: 'unchanged', placeId: place.id });
      else
        outcomes.push({
          kind: 'merged',
          placeId: place.id,
          reason: older
            ? `${duplicate.reason}; older (${cells.date_maj} < ${place.updatedOn}): only gaps filled`
            : duplicate.reason,
        });
      continue;
    }
    const place = em.create(Place, {
      ...fields,
      kind: kindFromTypologies(fields.typologies ?? []),
      searchText: '',
    } as Place);
    place.searchText = placeSearchText(place);
    em.persist(place);
    pool.touch(place);
    link(place.id);
    outcomes.push({ kind: 'created', placeId: place.id });
  }
  await em.flush();
  await linkAll(em, ctx, links);
  return outcomes;
}
