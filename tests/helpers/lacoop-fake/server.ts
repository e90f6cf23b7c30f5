import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activite } from '../../../subgraphs/people/lacoop/contract';
import { generateDataset, type DatasetOptions, type LacoopDataset } from './dataset';

/** A fault the next matching requests meet, in order. */
export type Fault =
  | { status: 400 | 404 | 500 | 502 | 503 | 429; retryAfterSeconds?: number }
  | { destroy: true }
  | { delayMs: number };

export interface FakeLacoopOptions extends DatasetOptions {
  dataset?: LacoopDataset;
  /** The bearer token it accepts (La Coop: `client-id:client-secret`). */
  token?: string;
  /** Requests per second per server before it answers 429 with Retry-After. */
  rateLimitPerSecond?: number;
}

export interface FakeLacoop {
  url: string;
  dataset: LacoopDataset;
  /** Every request served (path and query), for tests that check what the client asked. */
  requests: { path: string; query: Record<string, string>; status: number }[];
  /** Queues faults for the next requests to `path` (e.g. '/activites'), the `skip` first ones served normally. */
  fail(path: string, faults: Fault[], skip?: number): void;
  /** Edits an activity upstream: its `modification` moves to now. */
  modifyActivity(id: string, change: Partial<Activite['attributes']>): void;
  /** Soft-deletes an activity upstream, as La Coop does (`suppression` set, still listed by /activites). */
  deleteActivity(id: string): void;
  addActivity(activity: Activite): void;
  stop(): Promise<void>;
}

const DEFAULT_TOKEN = 'hub-client:test-secret';
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class BadRequest extends Error {}

const encodeCursor = (id: string) => Buffer.from(JSON.stringify({ id })).toString('base64url');
function decodeCursor(cursor: string): string {
  try {
    const { id } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof id === 'string' && UUID.test(id)) return id;
  } catch {
    // falls through to the 400
  }
  throw new BadRequest('invalid cursor');
}

function dateTimeParam(query: Record<string, string>, name: string): number | null {
  const raw = query[name];
  if (raw === undefined) return null;
  const t = Date.parse(raw);
  if (Number.isNaN(t) || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}T/.test(raw))
    throw new BadRequest(`${name}: not a date-time`);
  return t;
}

/**
 * A La Coop API v1 over a generated data set, following the OpenAPI contract and what the running service
 * does where it differs (403 `{"error":"Forbidden"}` on a bad token, `links` as `{ href }` objects,
 * soft-deleted activities listed by /activites and left out of /statistiques). Listening on port 0.
 */
export async function startFakeLacoop(options: FakeLacoopOptions = {}): Promise<FakeLacoop> {
  const dataset = options.dataset ?? generateDataset(options);
  const token = options.token ?? DEFAULT_TOKEN;
  const faults = new Map<string, { skip: number; queue: Fault[] }>();
  const requests: FakeLacoop['requests'] = [];
  const byId = <T extends { id: string }>(list: T[]) =>
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  byId(dataset.activities);
  byId(dataset.structures);
  byId(dataset.users);
  let windowStart = 0;
  let windowCount = 0;
  // Upstream clock: strictly increasing, so a modification is always later than the last one seen.
  let lastClock = 0;
  const clock = () => {
    lastClock = Math.max(Date.now(), lastClock + 1);
    return new Date(lastClock).toISOString();
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const query = Object.fromEntries(url.searchParams.entries());
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ path, query, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const queued = faults.get(path);
    if (queued && queued.queue.length > 0) {
      if (queued.skip > 0) queued.skip--;
      else {
        const fault = queued.queue.shift()!;
        if ('destroy' in fault) {
          requests.push({ path, query, status: 0 });
          req.socket.destroy();
          return;
        }
        if ('delayMs' in fault) {
          setTimeout(() => handle(req, res, path, query, url, send), fault.delayMs);
          return;
        }
        const headers: Record<string, string> =
          fault.status === 429 ? { 'retry-after': String(fault.retryAfterSeconds ?? 1) } : {};
        send(
          fault.status,
          {
            error:
              fault.status === 429
                ? 'Too Many Requests'
                : fault.status < 500
                  ? 'Bad Request'
                  : 'Internal Server Error',
          },
          headers,
        );
        return;
      }
    }
    handle(req, res, path, query, url, send);
  });

  function handle(
    req: IncomingMessage,
    _res: ServerResponse,
    path: string,
    query: Record<string, string>,
    url: URL,
    send: (status: number, body: unknown, headers?: Record<string, string>) => void,
  ): void {
    if (req.method !== 'GET') return send(405, { error: 'Method Not Allowed' });
    if (path === '/health') return send(200, { status: 'ok' });
    const auth = req.headers.authorization ?? '';
    if (!/^bearer /i.test(auth) || auth.slice(7) !== token) return send(403, { error: 'Forbidden' });
    if (options.rateLimitPerSecond) {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        windowCount = 0;
      }
      if (++windowCount > options.rateLimitPerSecond)
        return send(429, { error: 'Too Many Requests' }, { 'retry-after': '1' });
    }
    try {
      switch (path) {
        case '/activites':
          return send(
            200,
            list(url, query, dataset.activities, (a, q) => changedSince(a.attributes, q)),
          );
        case '/structures': {
          const ids = idsParam(query);
          return send(
            200,
            list(
              url,
              query,
              dataset.structures,
              (s, q) => changedSince(s.attributes, q) && (!ids || ids.has(s.id)),
            ),
          );
        }
        case '/utilisateurs':
          return send(
            200,
            list(url, query, dataset.users, (u) => usersFilter(u.attributes, query)),
          );
        case '/lieux-activite': {
          const ids = idsParam(query);
          return send(200, dataset.structures.filter((s) => !ids || ids.has(s.id)).map(lieu));
        }
        case '/statistiques':
          return send(200, statistiques(dataset, query, url));
        default:
          return send(404, { error: 'Not Found' });
      }
    } catch (error) {
      if (error instanceof BadRequest) return send(400, { error: error.message });
      throw error;
    }
  }

  function usersFilter(
    at: LacoopDataset['users'][number]['attributes'],
    query: Record<string, string>,
  ): boolean {
    const deleted = query['filter[soft_deleted]'];
    if (deleted === '0' && at.suppression) return false;
    if (deleted === '1' && !at.suppression) return false;
    const cn = query['filter[conseiller_numerique]'];
    if (cn !== undefined && String(Number(!!at.conseiller_numerique?.is_conseiller_numerique)) !== cn)
      return false;
    return true;
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const find = (id: string) => {
    const activity = dataset.activities.find((a) => a.id === id);
    if (!activity) throw new Error(`no activity ${id}`);
    return activity;
  };
  return {
    url: base,
    dataset,
    requests,
    fail: (path, list, skip = 0) => faults.set(path, { skip, queue: [...list] }),
    modifyActivity: (id, change) => {
      const activity = find(id);
      Object.assign(activity.attributes, change, { modification: clock() });
    },
    deleteActivity: (id) => {
      const activity = find(id);
      const at = clock();
      Object.assign(activity.attributes, { suppression: at, modification: at });
    },
    addActivity: (activity) => {
      dataset.activities.push(activity);
      byId(dataset.activities);
    },
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function idsParam(query: Record<string, string>): Set<string> | null {
  if (query.ids === undefined) return null;
  const ids = query.ids.split(',').filter(Boolean);
  if (ids.length > 100) throw new BadRequest('ids: maximum 100 ids');
  return new Set(ids);
}

function changedSince(
  at: { creation: string; modification: string | null },
  query: Record<string, string>,
): boolean {
  const created = dateTimeParam(query, 'filter[creation][depuis]');
  const modified = dateTimeParam(query, 'filter[modification][depuis]');
  if (created !== null && Date.parse(at.creation) < created) return false;
  if (modified !== null && Date.parse(at.modification ?? at.creation) < modified) return false;
  return true;
}

/** Cursor pagination in id order: `page[size]` 1–500, `page[after]` / `page[before]` opaque cursors. */
function list<T extends { id: string }>(
  url: URL,
  query: Record<string, string>,
  all: T[],
  keep: (item: T, query: Record<string, string>) => boolean,
) {
  const rawSize = query['page[size]'] ?? '500';
  const size = Number(rawSize);
  if (!/^[0-9]+$/.test(rawSize) || size < 1 || size > 500)
    throw new BadRequest('page[size]: between 1 and 500');
  const matching = all.filter((item) => keep(item, query));
  let start = 0;
  let end = matching.length;
  if (query['page[after]'] !== undefined) {
    const after = decodeCursor(query['page[after]']);
    start = matching.findIndex((item) => item.id > after);
    if (start < 0) start = matching.length;
  }
  if (query['page[before]'] !== undefined) {
    const before = decodeCursor(query['page[before]']);
    end = matching.findIndex((item) => item.id >= before);
    if (end < 0) end = matching.length;
    start = Math.max(start, end - size);
  }
  const data = matching.slice(start, Math.min(end, start + size));
  const hasNext = start + data.length < matching.length;
  const hasPrev = start > 0;
  const link = (param: string, cursor: string) => {
    const u = new URL(url.toString());
    u.searchParams.delete('page[after]');
    u.searchParams.delete('page[before]');
    u.searchParams.set(param, cursor);
    return { href: u.toString() };
  };
  return {
    data,
    links: {
      self: { href: url.toString() },
      ...(hasNext ? { next: link('page[after]', encodeCursor(data[data.length - 1].id)) } : {}),
      ...(hasPrev && data.length > 0 ? { prev: link('page[before]', encodeCursor(data[0].id)) } : {}),
    },
    meta: {
      total_count: matching.length,
      items_per_page: size,
      total_pages: Math.ceil(matching.length / size),
      has_next_page: hasNext,
      has_prev_page: hasPrev,
    },
  };
}

function lieu(s: LacoopDataset['structures'][number]) {
  const at = s.attributes;
  return {
    id: s.id,
    pivot: at.siret ?? '00000000000000',
    nom: at.nom,
    commune: at.commune,
    code_postal: at.code_postal,
    code_insee: at.code_insee,
    adresse: at.adresse,
    date_maj: at.modification.slice(0, 10),
    services: 'Aide aux démarches administratives',
    source: 'coop-numerique',
  };
}

const TYPE_FILTER: Record<string, string> = {
  Individuel: 'individuel',
  Collectif: 'collectif',
  Demarche: 'demarche_administrative',
};

/** /statistiques over the activities not deleted, with the contract's filters. */
function statistiques(dataset: LacoopDataset, query: Record<string, string>, url: URL) {
  const list = (name: string) => query[`filter[${name}]`]?.split(',').filter(Boolean);
  for (const name of ['du', 'au'])
    if (query[`filter[${name}]`] !== undefined && !DATE.test(query[`filter[${name}]`]))
      throw new BadRequest(`filter[${name}]: YYYY-MM-DD`);
  const types = list('types')?.map((t) => {
    if (!TYPE_FILTER[t]) throw new BadRequest(`filter[types]: unknown type ${t}`);
    return TYPE_FILTER[t];
  });
  const communes = list('communes');
  if (communes?.some((c) => !/^[0-9AB]{5}$/.test(c))) throw new BadRequest('filter[communes]: INSEE codes');
  const departements = list('departements');
  if (departements?.some((d) => d.length > 3))
    throw new BadRequest('filter[departements]: 1 to 3 characters');
  const mediateurs = list('mediateurs');
  const lieux = list('lieux');
  const cn = query['filter[conseiller_numerique]'];
  const demarches = query['filter[demarches_administratives]'];
  const structures = new Map(dataset.structures.map((s) => [s.id, s.attributes.code_insee]));
  const conseillers = new Set(
    dataset.users
      .filter((u) => u.attributes.conseiller_numerique?.is_conseiller_numerique)
      .map((u) => u.attributes.mediateur?.id),
  );
  const selected = dataset.activities.filter(({ attributes: a }) => {
    if (a.suppression) return false;
    if (query['filter[du]'] && a.date < query['filter[du]']) return false;
    if (query['filter[au]'] && a.date > query['filter[au]']) return false;
    if (types && !types.includes(a.type)) return false;
    if (mediateurs && !mediateurs.includes(a.mediateur_id)) return false;
    if (lieux && (!a.structure_id || !lieux.includes(a.structure_id))) return false;
    const commune =
      a.type_lieu === 'lieu_activite'
        ? a.structure_id
          ? structures.get(a.structure_id)
          : null
        : a.lieu_code_insee;
    if (communes && (!commune || !communes.includes(commune))) return false;
    if (
      departements &&
      (!commune || !departements.includes(commune.slice(0, commune.startsWith('97') ? 3 : 2)))
    )
      return false;
    if (cn !== undefined && String(Number(conseillers.has(a.mediateur_id))) !== cn) return false;
    if (
      demarches !== undefined &&
      String(Number(a.thematiques.includes('aide_aux_demarches_administratives'))) !== demarches
    )
      return false;
    return true;
  });
  const total = selected.length;
  const proportion = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 100_000) / 1000);
  const counter = (values: Iterable<string>) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts.entries()]
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([value, count]) => ({ value, label: value, count, proportion: proportion(count, total) }));
  };
  const ofType = (t: string) => selected.filter((a) => a.attributes.type === t);
  const individuels = ofType('individuel').length;
  const demarchesCount = ofType('demarche_administrative').length;
  const collectifs = ofType('collectif');
  const participants = collectifs.reduce((sum, a) => sum + a.attributes.accompagnements, 0);
  const accompagnements = individuels + demarchesCount + participants;
  const byLabel = (key: (a: Activite) => string) => {
    const counts = new Map<string, number>();
    for (const a of selected) counts.set(key(a), (counts.get(key(a)) ?? 0) + a.attributes.accompagnements);
    return [...counts.entries()].sort().map(([label, count]) => ({ label, count }));
  };
  const duree = (m: number) => (m <= 30 ? '0-30' : m <= 60 ? '30-60' : m <= 120 ? '60-120' : '120+');
  return {
    data: {
      type: 'statistiques',
      id: 'statistiques',
      attributes: {
        accompagnements_par_jour: byLabel(
          (a) => `${a.attributes.date.slice(8, 10)}/${a.attributes.date.slice(5, 7)}`,
        ),
        accompagnements_par_mois: byLabel((a) => a.attributes.date.slice(0, 7)),
        // The generated data set models no individual beneficiary: they are all anonymous.
        beneficiaires: { total: accompagnements, genres: [], tranche_ages: [], statuts_social: [] },
        activites: {
          total,
          type_activites: counter(selected.map((a) => a.attributes.type)),
          durees: counter(selected.map((a) => duree(a.attributes.duree))),
          type_lieu: counter(selected.map((a) => a.attributes.type_lieu)),
          thematiques: counter(selected.flatMap((a) => [...new Set(a.attributes.thematiques)])),
          materiels: counter(selected.flatMap((a) => a.attributes.materiel)),
        },
        totaux: {
          activites: {
            total,
            individuels: { total: individuels, proportion: proportion(individuels, total) },
            collectifs: {
              total: collectifs.length,
              proportion: proportion(collectifs.length, total),
              participants,
            },
            demarches: { total: demarchesCount, proportion: proportion(demarchesCount, total) },
          },
          accompagnements: {
            total: accompagnements,
            individuels: { total: individuels, proportion: proportion(individuels, accompagnements) },
            collectifs: { total: participants, proportion: proportion(participants, accompagnements) },
            demarches: { total: demarchesCount, proportion: proportion(demarchesCount, accompagnements) },
          },
          beneficiaires: { total: accompagnements, nouveaux: 0, suivis: 0, anonymes: accompagnements },
        },
      },
    },
    links: { self: { href: url.toString() } },
    meta: {},
  };
}
