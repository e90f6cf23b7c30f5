import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type TypeNode,
  type DocumentNode,
} from 'graphql';
import { join } from 'node:path';
import { stableId } from '../seeds/ids';
import { dashboardWorkloads } from './dashboard-workloads';
import { reportingWorkloads } from './reporting-workloads';
import {
  commune,
  mapBox,
  nearPoint,
  openAt,
  period,
  pick,
  popularPlace,
  referenceCommunes,
  seededRandom,
  seedOf,
  trafficSample,
  type Random,
  type TrafficSample,
} from './traffic';

/**
 * The workloads, built from the supergraph: a field another subgraph adds to Place, or a `…Stats` field on
 * Epci, is queried as soon as it is composed, so a newly merged subgraph is benchmarked without editing this file.
 */
export interface Workload {
  name: string;
  description: string;
  /**
   * GraphQL request body (JSON): the one request checked before the runs, and what every request sends when
   * there is no `vary` (a fixed-body workload: say so in its name). `prepare` instead for writes.
   */
  body: string;
  /**
   * Varied traffic: one request body per call, its variables drawn with `random` (seeded: every target, the
   * gateway, the subgraph directly, Hive, gets the same sequence) from `sample` (communes, place ids).
   */
  vary?: (random: Random, sample: TrafficSample) => string;
  /** Sanity check of one response before the run: undefined when fine, else what is wrong. */
  check: (data: any) => string | undefined;
  /** The only subgraph the query reaches: also run straight against it (gateway overhead). */
  singleSubgraph?: string;
  /** A read of public data, also compared with Hive Gateway. */
  read: boolean;
  /** Fields from other subgraphs included, for the report. */
  crossFields?: string[];
  /** Reads whose variables differ per request: the next body (a seeded PRNG draws them). */
  draw?: () => string;
  /** Writes: creates what `requests` requests need, then hands out one distinct request body per call. */
  prepare?: (graphqlUrl: string, headers: Record<string, string>, requests: number) => Promise<WritePool>;
  /** Page-size variants of one workload share a family, to compare their SQL statements per request. */
  family?: string;
  pageSize?: number;
}

/** What a writes workload prepared: distinct request bodies, and a read-back of what the writes left. */
export interface WritePool {
  /** The next body; once the pool is spent, a request bound to fail (counted in `overdrawn`). */
  next: () => string;
  /** Bodies the pool holds. */
  size: number;
  /** Bodies handed out so far (spent ones included). */
  handedOut: () => number;
  /** Bodies asked for after the pool was spent. */
  overdrawn: () => number;
  /** What the writes are, e.g. 'passes redeemed'. */
  effectName: string;
  /** How many writes the database holds now, read back through the same URL. */
  effect: () => Promise<number>;
}

/**
 * A ceiling on the write rate, well above any this hub reached on loopback (on this 2-core machine at most
 * 464 req/s for registrations, 586 for redemptions): a pool holds (warm-up + duration) × this many writes.
 */
export const WRITES_PER_SECOND_CEILING = 1500;

/** The outcome of reading a writes run back. */
export interface WriteCheck {
  ok: boolean;
  detail: string;
}

/**
 * Compares the writes the database holds with the answers: each body writes once, so every successful
 * answer must have left one write (else lost), and nothing beyond the successes plus the requests left
 * unanswered (cut off when a drive stops, timed out: they may have been served) may be there (else doubled).
 */
export async function verifyWrites(
  pool: WritePool,
  answered: number,
  succeeded: number,
): Promise<WriteCheck> {
  let effect: number;
  try {
    effect = await pool.effect();
  } catch (error) {
    return { ok: false, detail: `could not read the writes back: ${(error as Error).message}` };
  }
  if (!Number.isInteger(effect)) return { ok: false, detail: `read back ${effect} ${pool.effectName}` };
  const unanswered = pool.handedOut() - answered;
  const detail = `${effect} ${pool.effectName} for ${succeeded} successful answers and ${unanswered} requests unanswered, pool of ${pool.size}`;
  const problems: string[] = [];
  if (effect < succeeded) problems.push(`${succeeded - effect} successful answers left no write`);
  if (effect > succeeded + unanswered)
    problems.push(`${effect - succeeded - unanswered} writes nobody asked for`);
  if (pool.overdrawn()) problems.push(`the pool ran dry: ${pool.overdrawn()} requests had nothing to write`);
  return {
    ok: problems.length === 0,
    detail: problems.length ? `${problems.join('; ')}: ${detail}` : detail,
  };
}

type FieldMap = Map<string, FieldDefinitionNode>;

export class Supergraph {
  private readonly types = new Map<string, { fields: FieldMap; graphs: string[] }>();
  private readonly leaves = new Set(['ID', 'String', 'Int', 'Float', 'Boolean']);

  constructor(sdl: string) {
    const doc: DocumentNode = parse(sdl);
    for (const def of doc.definitions) {
      if (def.kind === Kind.SCALAR_TYPE_DEFINITION || def.kind === Kind.ENUM_TYPE_DEFINITION) {
        this.leaves.add(def.name.value);
      } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
        const graphs = (def.directives ?? [])
          .filter((d) => d.name.value === 'join__type')
          .map((d) => argument(d, 'graph'))
          .filter((g): g is string => !!g);
        this.types.set(def.name.value, {
          fields: new Map((def.fields ?? []).map((f) => [f.name.value, f])),
          graphs,
        });
      }
    }
  }

  has(type: string, field: string): boolean {
    return this.types.get(type)?.fields.has(field) ?? false;
  }

  fields(type: string): FieldDefinitionNode[] {
    return [...(this.types.get(type)?.fields.values() ?? [])];
  }

  /** Fields of `type` resolved by another subgraph than `home` (entity extensions), e.g. Place.permanences. */
  extensionFields(type: string, home: string): FieldDefinitionNode[] {
    return this.fields(type).filter((f) => {
      const joins = (f.directives ?? []).filter((d) => d.name.value === 'join__field');
      const graphs = joins.filter((d) => argument(d, 'external') !== 'true').map((d) => argument(d, 'graph'));
      return graphs.length > 0 && !graphs.includes(home);
    });
  }

  /** Names of the Mutation fields. */
  mutations(): string[] {
    return this.fields('Mutation').map((f) => f.name.value);
  }

  /**
   * A selection of every field of `type` that needs no argument: leaves, and objects down to `depth`
   * (connections as edges { node }); empty when nothing selectable.
   */
  selection(type: string, depth: number): string {
    const parts: string[] = [];
    for (const field of this.fields(type)) {
      if ((field.arguments ?? []).some((a) => a.type.kind === Kind.NON_NULL_TYPE && !a.defaultValue))
        continue;
      const name = namedType(field.type);
      if (this.leaves.has(name)) {
        parts.push(field.name.value);
      } else if (depth > 0 && this.types.has(name)) {
        const inner = this.fieldSelection(field, depth - 1);
        if (inner) parts.push(`${field.name.value} ${inner}`);
      }
    }
    return parts.length ? `{ ${parts.join(' ')} }` : '';
  }

  /** What to select under one field: '' for a leaf, undefined when nothing is selectable. */
  fieldSelection(field: FieldDefinitionNode, depth: number): string | undefined {
    const name = namedType(field.type);
    if (this.leaves.has(name)) return '';
    const inner = name.endsWith('Connection')
      ? this.connectionSelection(name, depth)
      : this.selection(name, depth);
    return inner || undefined;
  }

  private connectionSelection(type: string, depth: number): string {
    const edge = this.fields(type).find((f) => f.name.value === 'edges');
    const node = edge && this.fields(namedType(edge.type)).find((f) => f.name.value === 'node');
    if (!node) return this.selection(type, depth);
    const inner = this.selection(namedType(node.type), depth);
    return inner ? `{ edges { node ${inner} } }` : '';
  }
}

function argument(directive: ConstDirectiveNode, name: string): string | undefined {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const v = arg.value;
  return v.kind === Kind.ENUM || v.kind === Kind.STRING
    ? v.value
    : v.kind === Kind.BOOLEAN
      ? String(v.value)
      : undefined;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

// The fixed FNE report's period: the year to date of the seeds' calendar.
const PERIOD = { from: '2026-01-01', to: '2026-10-31' };
const PERIOD_ARGS = ['from', 'to'];

/** `(from: $from, to: $to)` for a stats field's period arguments (required or not). */
function periodArguments(field: FieldDefinitionNode): string {
  const args = (field.arguments ?? [])
    .filter((a) => PERIOD_ARGS.includes(a.name.value))
    .map((a) => `${a.name.value}: $${a.name.value}`);
  return args.length ? `(${args.join(', ')})` : '';
}

/** `$from: Date!, $to: Date!`, typed as the stats fields type their period. */
function periodVariables(fields: FieldDefinitionNode[]): string {
  const types = new Map<string, string>();
  for (const f of fields)
    for (const a of f.arguments ?? [])
      if (PERIOD_ARGS.includes(a.name.value)) types.set(a.name.value, namedType(a.type));
  return [...types].map(([name, type]) => `$${name}: ${type}!`).join(', ');
}

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

const edgesOf = (data: any, root = 'places'): unknown[] | undefined => data?.[root]?.edges;

/** A bounding box around Agen (the map's default view) and a point in Agen's centre. */
const AGEN_BBOX = { south: 44.1, west: 0.48, north: 44.32, east: 0.76 };
const AGEN = { latitude: 44.2033, longitude: 0.6163 };
// A weekday morning (Tuesday 10:30 in Paris), so that "open now" finds places whenever the bench runs.
const OPEN_AT = '2026-11-24T09:30:00Z';
/** The card's place: Agen's CMS, a stable seed id. */
export const CARD_PLACE_ID = stableId('place', 'cms:agen');

export function buildWorkloads(supergraph: Supergraph): { workloads: Workload[]; skipped: string[] } {
  const skipped: string[] = [];
  const extensions = supergraph.extensionFields('Place', 'PLACES');
  const cross = extensions
    .filter((f) => !(f.arguments ?? []).some((a) => a.type.kind === Kind.NON_NULL_TYPE && !a.defaultValue))
    .map((f) => ({ name: f.name.value, selection: supergraph.fieldSelection(f, 1) }))
    .filter((f) => f.selection !== undefined)
    .map((f) => ({ name: f.name, text: `${f.name} ${f.selection}`.trim() }));
  const crossText = cross.map((c) => c.text).join(' ');
  const cardFields = `id name kind openingHours communeName organization { id name } ${crossText}`;
  const singlePlaces = cross.length === 0 ? 'places' : undefined;

  const list = (pageSize: number): Workload => ({
    name: pageSize === 50 ? 'directory list' : `directory list (${pageSize})`,
    description: `${pageSize} places ordered by name, each with ${cross.length ? cross.map((c) => c.name).join(', ') : 'its organization'}`,
    body: body(listQuery, { first: pageSize }),
    // The places of a commune (by population) or of an EPCI, as the directory lists them.
    vary: (random, sample) =>
      body(listQuery, {
        first: pageSize,
        filter:
          random() < 0.5
            ? { inseeCodes: [commune(random, sample).code_insee] }
            : { epciSirens: [pick(random, sample.epciSirens)] },
      }),
    check: (data) =>
      edgesOf(data)?.length === pageSize
        ? undefined
        : `expected ${pageSize} places, got ${edgesOf(data)?.length}`,
    singleSubgraph: singlePlaces,
    read: true,
    crossFields: cross.map((c) => c.name),
    family: 'directory list',
    pageSize,
  });

  const statsFields = supergraph.fields('Epci').filter((f) => f.name.value.endsWith('Stats'));
  const stats = statsFields.map(
    (f) => `${f.name.value}${periodArguments(f)} ${supergraph.selection(namedType(f.type), 1)}`,
  );
  const periodVars = periodVariables(statsFields);
  const fneQuery = `query FneReport${periodVars ? `(${periodVars})` : ''} { departement(code: "47") { code name epcis { siren name ${stats.join(' ')} } } }`;
  const epciQuery = `query EpciReport($siren: String!${periodVars ? `, ${periodVars}` : ''}) { epci(siren: $siren) { siren name ${stats.join(' ')} } }`;
  const listQuery = `query DirectoryList($first: Int!, $filter: PlaceFilter) { places(first: $first, filter: $filter) { edges { node { ${cardFields} } } } }`;
  const mapQuery =
    'query Map($bbox: BoundingBoxInput!) { places(first: 500, filter: { bbox: $bbox }) { edges { node { id name kind latitude longitude } } } }';

  const geoJsonQuery =
    'query PlacesInBbox($bbox: BoundingBoxInput!) { placesGeoJson(filter: { bbox: $bbox }, limit: 500) }';

  const nearQuery =
    'query NearMe($near: NearInput!, $openAt: DateTime!) { places(first: 20, filter: { near: $near, openAt: $openAt, services: [ACCES_INTERNET_ET_MATERIEL_INFORMATIQUE] }) { edges { distanceMeters node { id name kind latitude longitude openingHours } } } }';
  const cardQuery = `query DirectoryCard($id: ID!) { place(id: $id) { ${cardFields} } }`;
  const workloads: Workload[] = [
    {
      name: 'map',
      description:
        'places in a map view (a commune by population: its default view, or panned and zoomed), 500 at a time: id name kind latitude longitude',
      body: body(mapQuery, { bbox: AGEN_BBOX }),
      vary: (random, sample) => body(mapQuery, { bbox: mapBox(random, sample) }),
      check: (data) => ((edgesOf(data)?.length ?? 0) > 0 ? undefined : 'no place in the box'),
      singleSubgraph: 'places',
      read: true,
    },
    {
      name: 'map (fixed body)',
      description:
        'the map with the same request every time (Agen): what in-flight deduplication and the cache make of identical requests',
      body: body(mapQuery, { bbox: AGEN_BBOX }),
      check: (data) => ((edgesOf(data)?.length ?? 0) > 0 ? undefined : 'no place in the box'),
      singleSubgraph: 'places',
      read: true,
    },
    ...(supergraph.fields('Query').some((f) => f.name.value === 'placesGeoJson')
      ? [
          {
            name: 'map (GeoJSON)',
            description:
              'the same boxes as the map, asked as examples/map/bbox-geojson.graphql asks them: placesGeoJson, 500 features at most',
            body: body(geoJsonQuery, { bbox: AGEN_BBOX }),
            vary: (random, sample) => body(geoJsonQuery, { bbox: mapBox(random, sample) }),
            check: (data) =>
              (data?.placesGeoJson?.features?.length ?? 0) > 0 ? undefined : 'no feature in the box',
            singleSubgraph: 'places',
            read: true,
          } satisfies Workload,
        ]
      : []),
    {
      name: 'near-me',
      description: `the 20 places nearest a point (a commune's centre or a phone's position) within 5–30 km, open at a minute of a week's opening hours, offering internet access`,
      body: body(nearQuery, { near: { ...AGEN, radiusKm: 30 }, openAt: OPEN_AT }),
      vary: (random, sample) => body(nearQuery, { near: nearPoint(random, sample), openAt: openAt(random) }),
      check: (data) => ((edgesOf(data)?.length ?? 0) > 0 ? undefined : 'no place open near Agen'),
      singleSubgraph: 'places',
      read: true,
    },
    {
      name: 'directory card',
      description: `one place with ${cross.length ? cross.map((c) => c.name).join(', ') : 'its organization (no other subgraph composed yet)'}`,
      body: body(cardQuery, { id: CARD_PLACE_ID }),
      vary: (random, sample) => body(cardQuery, { id: popularPlace(random, sample) }),
      check: (data) => (data?.place?.id === CARD_PLACE_ID ? undefined : 'card place not found'),
      singleSubgraph: singlePlaces,
      read: true,
      crossFields: cross.map((c) => c.name),
    },
    list(50),
    list(10),
    list(100),
    {
      name: 'FNE report',
      description: `département 47's EPCIs, or one EPCI, over a period of 1 to 12 months, with ${
        stats.length
          ? supergraph
              .fields('Epci')
              .filter((f) => f.name.value.endsWith('Stats'))
              .map((f) => f.name.value)
              .join(', ')
          : 'no stats'
      }`,
      body: body(fneQuery, periodVars ? PERIOD : {}),
      // Half the département by EPCI, half one EPCI; over a period from one month to a year.
      vary: (random, sample) =>
        random() < 0.5
          ? body(fneQuery, periodVars ? period(random) : {})
          : body(epciQuery, {
              siren: pick(random, sample.epciSirens),
              ...(periodVars ? period(random) : {}),
            }),
      check: (data) => ((data?.departement?.epcis?.length ?? 0) > 0 ? undefined : 'no EPCI in the report'),
      singleSubgraph: statsFields.every((f) => f.name.value === 'placeStats') ? 'places' : undefined,
      read: true,
      crossFields: statsFields.map((f) => f.name.value),
    },
  ];
  workloads.push(...dashboardWorkloads(supergraph));
  if (supergraph.fields('Organization').some((f) => f.name.value === 'passActivity'))
    workloads.push(...reportingWorkloads());
  const mutations = supergraph.mutations();
  if (mutations.includes('registerForTrainingSession')) {
    workloads.push({
      name: 'writes: registrations',
      description:
        'concurrent registrations of distinct pseudonymous participants to 5 sessions of 10,000 seats (one transaction and a session row lock each)',
      body: '',
      prepare: (url, headers) => prepareRegistrations(url, headers, 'one day'),
      check: (data) => (data?.registerForTrainingSession?.id ? undefined : 'no registration'),
      read: false,
    });
    workloads.push({
      name: 'writes: registrations (5 days)',
      description:
        'the same, the 5 sessions on 5 days (5 keys of the training rollup, where all 5 sessions of one day share one)',
      body: '',
      prepare: (url, headers) => prepareRegistrations(url, headers, 'five days'),
      check: (data) => (data?.registerForTrainingSession?.id ? undefined : 'no registration'),
      read: false,
    });
  } else {
    skipped.push('writes: registrations: no registerForTrainingSession mutation in the supergraph');
  }
  if (mutations.includes('redeemPass')) {
    workloads.push({
      name: 'writes: redemptions',
      description:
        'concurrent redemptions of distinct passes of a fresh programme at a qualified trainer (one transaction: accreditation share lock, conditional pass update, redemption insert)',
      body: '',
      prepare: (url, headers, requests) => prepareRedemptions(url, headers, requests, 'one commune'),
      check: (data) => (data?.redeemPass?.id ? undefined : 'no redemption'),
      read: false,
    });
    workloads.push({
      name: 'writes: redemptions (communes)',
      description:
        'the same, the beneficiaries living in communes drawn by population (where every beneficiary of the other workload lives in Agen, so all its redemptions update the same rollup rows)',
      body: '',
      prepare: (url, headers, requests) =>
        prepareRedemptions(url, headers, requests, 'communes by population'),
      check: (data) => (data?.redeemPass?.id ? undefined : 'no redemption'),
      read: false,
    });
  } else {
    skipped.push('writes: redemptions: no redeemPass mutation in the supergraph');
  }
  return { workloads, skipped };
}

let writeRun = 0;

/** A POST through the bench's URL and token; GraphQL errors fail the setup. */
function caller(graphqlUrl: string, headers: Record<string, string>, what: string) {
  return async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body(query, variables),
    });
    const json = (await res.json()) as { data?: any; errors?: unknown[] };
    if (json.errors?.length) throw new Error(`${what}: ${JSON.stringify(json.errors).slice(0, 400)}`);
    return json.data;
  };
}

// The registrations' pool: 50,000 seats, 33 s at the ceiling, minutes at the rates measured.
const SESSIONS = 5;
const SEATS = 10_000;

// Handed out once a pool is spent: a query the gateway refuses, so that each such request shows as an error.
const SPENT = body('query WritePoolSpent { writePoolSpent }');

/**
 * Creates an offer and 5 large sessions through the gateway (as admin), an hour apart on one day or a day apart,
 * then registers a new participant per request.
 */
async function prepareRegistrations(
  graphqlUrl: string,
  headers: Record<string, string>,
  days: 'one day' | 'five days',
): Promise<WritePool> {
  const call = caller(graphqlUrl, headers, 'writes: registrations setup');
  const offer = await call('mutation($i: TrainingOfferInput!) { createTrainingOffer(input: $i) { id } }', {
    i: {
      title: 'Atelier du banc d’essai',
      description: 'Session de charge du benchmark.',
      themes: ['NAVIGATION_SUR_INTERNET'],
      level: 'BEGINNER',
      format: 'ON_SITE',
      durationMinutes: 120,
      priceCents: 0,
      passNumeriqueEligible: true,
      providerId: stableId('organization', 'campus-numerique-47'),
    },
  });
  const starts = Date.now() + 30 * 86_400_000;
  const sessions: string[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const data = await call(
      'mutation($i: TrainingSessionInput!) { createTrainingSession(input: $i) { id } }',
      {
        i: {
          offerId: offer.createTrainingOffer.id,
          startsAt: new Date(starts + i * (days === 'one day' ? 3_600_000 : 86_400_000)).toISOString(),
          endsAt: new Date(
            starts + i * (days === 'one day' ? 3_600_000 : 86_400_000) + 2 * 3_600_000,
          ).toISOString(),
          placeId: CARD_PLACE_ID,
          inseeCode: '47001',
          latitude: AGEN.latitude,
          longitude: AGEN.longitude,
          capacity: SEATS,
        },
      },
    );
    sessions.push(data.createTrainingSession.id);
  }
  const run = `${Date.now().toString(36)}-${++writeRun}`;
  const seats = SESSIONS * SEATS;
  let n = 0;
  return {
    next: () => {
      if (++n > seats) return SPENT;
      return body(
        'mutation Register($s: ID!, $p: String!) { registerForTrainingSession(sessionId: $s, participantRef: $p) { id } }',
        {
          s: sessions[n % sessions.length],
          p: `bench-${run}-${n}`,
        },
      );
    },
    size: seats,
    handedOut: () => n,
    overdrawn: () => Math.max(0, n - seats),
    effectName: 'seats taken',
    effect: async () => {
      const data = await call(
        `query Seats { ${sessions.map((id, i) => `s${i}: trainingSession(id: "${id}") { registrationsCount }`).join(' ')} }`,
        {},
      );
      return sessions.reduce((sum, _, i) => sum + (data[`s${i}`]?.registrationsCount ?? NaN), 0);
    },
  };
}

const PASSES_PER_CARNET = 10;
// At most 60,000 passes (6,000 carnets, about 20 s to issue): 40 s at the ceiling, minutes at the rates measured.
const MAX_PASSES = 60_000;
// Carnets per request (within the gateway's 15 aliases), and requests at a time: each carnet locks the
// programme row, so more at a time would only queue in PostgreSQL.
const CARNETS_PER_REQUEST = 10;
const ISSUING = 4;

/**
 * Creates a funding programme through the gateway (as admin), issues it carnets of 10 passes at a prescriber
 * until there is a pass per expected request, then redeems a distinct pass per request at a qualified trainer.
 */
async function prepareRedemptions(
  graphqlUrl: string,
  headers: Record<string, string>,
  requests: number,
  beneficiaries: 'one commune' | 'communes by population',
): Promise<WritePool> {
  const call = caller(graphqlUrl, headers, 'writes: redemptions setup');
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const run = `${Date.now().toString(36)}-${++writeRun}`;
  const { createFundingProgram: program } = await call(
    'mutation($i: FundingProgramInput!) { createFundingProgram(input: $i) { id } }',
    {
      i: {
        name: `Banc d’essai ${run}`,
        operatorId: stableId('organization', 'docaposte'),
        // Carnets are issued today (Europe/Paris): a window around it whatever the time zone.
        validFrom: day(-365),
        validTo: day(365),
        // €10 million: 1,000,000 passes of €10, far above the pool.
        budgetCents: 1_000_000_000,
      },
    },
  );
  const carnets = Math.ceil(Math.min(requests, MAX_PASSES) / PASSES_PER_CARNET);
  const sample = trafficSample(referenceCommunes(join(__dirname, '..')), []);
  const random = seededRandom(seedOf(`writes: redemptions ${run}`));
  const homes = Array.from({ length: carnets + 1 }, () =>
    beneficiaries === 'one commune' ? '47001' : commune(random, sample).code_insee,
  );
  const carnet = (k: number) => ({
    programId: program.id,
    prescriberId: stableId('organization', 'caf-47'),
    beneficiary: {
      reference: `bench-${run}-${k}`,
      ageBand: 'AGE_PLUS_60_ANS',
      socialStatus: 'RETRAITE',
      inseeCode: homes[k],
    },
    passCount: PASSES_PER_CARNET,
  });
  const serials: string[] = [];
  let issued = 0;
  const issue = async () => {
    while (issued < carnets) {
      // Several carnets per request (aliases, run one after the other, a transaction each): fewer round trips.
      const batch = Array.from({ length: Math.min(CARNETS_PER_REQUEST, carnets - issued) }, () => ++issued);
      const data = await call(
        `mutation Issue(${batch.map((_, j) => `$c${j}: IssueCarnetInput!`).join(', ')}) { ${batch
          .map((_, j) => `c${j}: issueCarnet(input: $c${j}) { passes { serial } }`)
          .join(' ')} }`,
        Object.fromEntries(batch.map((k, j) => [`c${j}`, carnet(k)])),
      );
      batch.forEach((_, j) => serials.push(...data[`c${j}`].passes.map((p: { serial: string }) => p.serial)));
    }
  };
  await Promise.all(Array.from({ length: ISSUING }, issue));
  const trainerId = stableId('organization', 'campus-numerique-47');
  let n = 0;
  return {
    next: () => {
      const serial = serials[n++];
      if (serial === undefined) return SPENT;
      return body('mutation Redeem($s: String!, $t: ID!) { redeemPass(serial: $s, trainerId: $t) { id } }', {
        s: serial,
        t: trainerId,
      });
    },
    size: serials.length,
    handedOut: () => n,
    overdrawn: () => Math.max(0, n - serials.length),
    effectName: 'passes redeemed',
    effect: async () => {
      const data = await call(
        'query Redeemed($p: ID!) { passes(first: 0, filter: { programId: $p, statuses: [REDEEMED, REIMBURSED] }) { totalCount } }',
        { p: program.id },
      );
      return data.passes.totalCount;
    },
  };
}
