import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { buildSchema, Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { SignJWT } from 'jose';
import { startHub, graphql, type Hub } from '../helpers/hub';
import { bearer } from '../helpers/auth';
import { seedOrganizations, seedPlaces } from '../../seeds/catalog';
import { type TokenRole } from '../../common/auth';

let hub: Hub;
const headers: Record<string, Record<string, string>> = {};

// Partner A prescribes and trains (Pass numérique both ways) and runs places; partner B is another organization.
const orgA = seedOrganizations().find(
  (o) =>
    o.roles.includes('QUALIFIED_TRAINER') &&
    o.roles.includes('PRESCRIBER') &&
    seedPlaces().some((p) => p.organizationKey === o.key),
)!;
const orgB = seedOrganizations().find((o) => o.id !== orgA.id && o.kind === 'ASSOCIATION')!;
const placeOfA = seedPlaces().find((p) => p.organizationKey === orgA.key)!;

const ROLES = ['public', 'partnerA', 'partnerB', 'analyst', 'prefecture', 'admin'] as const;
type Caller = (typeof ROLES)[number];

beforeAll(async () => {
  hub = await startHub();
  headers.public = {};
  headers.partnerA = await bearer('partner', orgA.id);
  headers.partnerB = await bearer('partner', orgB.id);
  for (const role of ['analyst', 'prefecture', 'admin'] as TokenRole[]) headers[role] = await bearer(role);
});

afterAll(async () => {
  await hub?.stop();
});

const targets = (): Record<string, Server> =>
  Object.fromEntries([
    ['gateway', hub.gateway.http],
    ...Object.entries(hub.subgraphs).map(([n, sub]) => [n, sub.server.http]),
  ]);

async function sign(
  claims: Record<string, unknown>,
  secret = process.env.JWT_SECRET!,
  expiresIn: string | number = '1h',
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('t')
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

describe('tokens', () => {
  const cases: [string, () => Promise<string>][] = [
    [
      'an expired token',
      () => sign({ role: 'admin' }, process.env.JWT_SECRET!, Math.floor(Date.now() / 1000) - 60),
    ],
    ['a token signed with another secret', () => sign({ role: 'admin' }, 'x'.repeat(40))],
    [
      'a tampered token',
      async () => {
        const [h, , s] = (await sign({ role: 'analyst' })).split('.');
        const payload = Buffer.from(JSON.stringify({ role: 'admin', sub: 't', exp: 9999999999 })).toString(
          'base64url',
        );
        return `${h}.${payload}.${s}`;
      },
    ],
    ['a token with an unknown role', () => sign({ role: 'superuser' })],
    ['a partner token without organization', () => sign({ role: 'partner' })],
    [
      'an unsigned token',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"role":"admin","sub":"t","exp":9999999999}').toString('base64url')}.`,
    ],
  ];

  it.each(cases)(
    'refuses %s with 401 UNAUTHENTICATED, at the gateway and at the subgraph',
    async (_label, make) => {
      const token = await make();
      for (const server of Object.values(targets())) {
        const res = await graphql(server, '{ places(first: 1) { totalCount } }', undefined, {
          authorization: `Bearer ${token}`,
        });
        expect(res.status).toBe(401);
        expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        expect(res.data ?? null).toBeNull();
      }
    },
  );

  it('refuses a malformed Authorization header rather than treating the caller as public', async () => {
    const res = await hub.query('{ places(first: 1) { totalCount } }', undefined, {
      authorization: 'Basic abc',
    });
    expect(res.status).toBe(401);
  });

  it('lets a caller without a token read public data', async () => {
    const res = await hub.query('{ places(first: 1) { totalCount } }');
    expect(res.status).toBe(200);
    expect(res.data.places.totalCount).toBeGreaterThan(0);
  });
});

/** Each mutation of the supergraph: how to call it, and which callers may. */
interface MutationCase {
  allowed: Caller[];
  /** The subgraph that owns the mutation (default places), also called directly. */
  subgraph?: string;
  /** Returns the query and variables; may prepare fixtures with the admin token. */
  call: () => Promise<{ query: string; variables?: Record<string, unknown> }>;
}

const admin = (query: string, variables?: Record<string, unknown>) =>
  graphql(hub.gateway.http, query, variables, headers.admin);
let counter = 0;
const newPlace = async (organizationId: string) => {
  const res = await admin('mutation($i: PlaceInput!) { createPlace(input: $i) { id } }', {
    i: {
      organizationId,
      name: `Lieu ${++counter}`,
      address: '1 rue Test',
      postalCode: '47000',
      inseeCode: '47001',
    },
  });
  return res.data.createPlace.id as string;
};
const newOrganization = async () => {
  const res = await admin('mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }', {
    i: {
      name: `Org ${++counter}`,
      kind: 'ASSOCIATION',
      rna: `W47${String(900000 + counter).padStart(7, '0')}`,
    },
  });
  return res.data.createOrganization.id as string;
};

const MUTATIONS: Record<string, MutationCase> = {
  createOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($i: OrganizationInput!) { createOrganization(input: $i) { id } }',
      variables: {
        i: {
          name: `Nouvelle ${++counter}`,
          kind: 'ASSOCIATION',
          rna: `W47${String(800000 + counter).padStart(7, '0')}`,
        },
      },
    }),
  },
  updateOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($id: ID!) { updateOrganization(id: $id, input: { name: "Renommée" }) { id } }',
      variables: { id: orgA.id },
    }),
  },
  deleteOrganization: {
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($id: ID!) { deleteOrganization(id: $id) }',
      variables: { id: await newOrganization() },
    }),
  },
  createPlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: PlaceInput!) { createPlace(input: $i) { id } }',
      variables: {
        i: {
          organizationId: orgA.id,
          name: 'Lieu de A',
          address: '1 rue A',
          postalCode: '47000',
          inseeCode: '47001',
        },
      },
    }),
  },
  updatePlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { updatePlace(id: $id, input: { summary: "Mis à jour" }) { id } }',
      variables: { id: await newPlace(orgA.id) },
    }),
  },
  deletePlace: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { deletePlace(id: $id) }',
      variables: { id: await newPlace(orgA.id) },
    }),
  },
  setPlaceHosts: {
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($p: ID!, $o: [ID!]!) { setPlaceHosts(placeId: $p, organizationIds: $o) { id } }',
      variables: { p: await newPlace(orgA.id), o: [orgB.id] },
    }),
  },
};

const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const newOffer = async () => {
  const res = await admin('mutation($i: TrainingOfferInput!) { createTrainingOffer(input: $i) { id } }', {
    i: {
      title: `Atelier ${++counter}`,
      description: 'Atelier de test.',
      themes: ['NAVIGATION_SUR_INTERNET'],
      level: 'BEGINNER',
      format: 'ON_SITE',
      durationMinutes: 90,
      priceCents: 0,
      passNumeriqueEligible: true,
      providerId: orgA.id,
    },
  });
  return res.data.createTrainingOffer.id as string;
};
const sessionInput = (offerId: string) => ({
  offerId,
  startsAt: hours(48),
  endsAt: hours(50),
  placeId: placeOfA.id,
  inseeCode: placeOfA.code_insee,
  latitude: placeOfA.latitude,
  longitude: placeOfA.longitude,
  capacity: 10,
});
const newSession = async () => {
  const res = await admin('mutation($i: TrainingSessionInput!) { createTrainingSession(input: $i) { id } }', {
    i: sessionInput(await newOffer()),
  });
  return res.data.createTrainingSession.id as string;
};
const newRegistration = async () => {
  const res = await admin(
    'mutation($s: ID!, $p: String!) { registerForTrainingSession(sessionId: $s, participantRef: $p) { id } }',
    {
      s: await newSession(),
      p: `anon-${++counter}`,
    },
  );
  return res.data.registerForTrainingSession.id as string;
};
/** A registration to a past session of partner A's, from the seeds: attendance is recorded after the start. */
const pastRegistrationOfA = async () => {
  const rows = await hub.subgraphs.training.db.orm.em
    .fork()
    .getConnection()
    .execute<{ id: string }[]>(
      `select r.id from registration r join training_session s on s.id = r.session_id join training_offer o on o.id = s.offer_id
     where o.provider_id = ? and s.starts_at < now() and r.cancelled_at is null order by r.id limit 1 offset ?`,
      [orgA.id, ++counter],
    );
  return rows[0].id;
};

Object.assign(MUTATIONS, {
  createTrainingOffer: {
    subgraph: 'training',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: TrainingOfferInput!) { createTrainingOffer(input: $i) { id } }',
      variables: {
        i: {
          title: 'Offre de A',
          description: 'Offre de test.',
          themes: ['NAVIGATION_SUR_INTERNET'],
          level: 'BEGINNER',
          format: 'ON_SITE',
          durationMinutes: 60,
          priceCents: 0,
          passNumeriqueEligible: false,
          providerId: orgA.id,
        },
      },
    }),
  },
  updateTrainingOffer: {
    subgraph: 'training',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { updateTrainingOffer(id: $id, input: { priceCents: 500 }) { id } }',
      variables: { id: await newOffer() },
    }),
  },
  createTrainingSession: {
    subgraph: 'training',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: TrainingSessionInput!) { createTrainingSession(input: $i) { id } }',
      variables: { i: sessionInput(await newOffer()) },
    }),
  },
  updateTrainingSession: {
    subgraph: 'training',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { updateTrainingSession(id: $id, input: { capacity: 12 }) { id } }',
      variables: { id: await newSession() },
    }),
  },
  registerForTrainingSession: {
    subgraph: 'training',
    allowed: ['admin', 'partnerA', 'partnerB'],
    call: async () => ({
      query:
        'mutation($s: ID!, $p: String!) { registerForTrainingSession(sessionId: $s, participantRef: $p) { id } }',
      variables: { s: await newSession(), p: `anon-${++counter}` },
    }),
  },
  cancelTrainingRegistration: {
    subgraph: 'training',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { cancelTrainingRegistration(id: $id) { id } }',
      variables: { id: await newRegistration() },
    }),
  },
  recordTrainingAttendance: {
    subgraph: 'training',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { recordTrainingAttendance(id: $id, attended: true) { id } }',
      variables: { id: await pastRegistrationOfA() },
    }),
  },
} satisfies Record<string, MutationCase>);

// The seeded €300,000 programme (others created by these tests are small).
const programId = async () => {
  const programs: { id: string; budgetCents: number }[] = (
    await admin('{ fundingPrograms { id budgetCents } }')
  ).data.fundingPrograms;
  return programs.reduce((a, b) => (b.budgetCents > a.budgetCents ? b : a)).id;
};
const newProgram = async () => {
  const res = await admin('mutation($i: FundingProgramInput!) { createFundingProgram(input: $i) { id } }', {
    i: {
      name: `Programme ${++counter}`,
      operatorId: orgA.id,
      validFrom: '2027-01-01',
      validTo: '2027-12-31',
      budgetCents: 100000,
    },
  });
  return res.data.createFundingProgram.id as string;
};
const carnetInput = async () => ({
  programId: await programId(),
  prescriberId: orgA.id,
  beneficiary: {
    reference: `benef-${++counter}`,
    ageBand: 'PLUS_60_ANS',
    socialStatus: 'RETRAITE',
    inseeCode: '47001',
  },
  passCount: 5,
});
const newCarnet = async () => {
  const res = await admin(
    'mutation($i: IssueCarnetInput!) { issueCarnet(input: $i) { id passes { serial } } }',
    { i: await carnetInput() },
  );
  return res.data.issueCarnet as { id: string; passes: { serial: string }[] };
};
const REDEEM = 'mutation($s: String!, $t: ID!) { redeemPass(serial: $s, trainerId: $t) { id } }';

Object.assign(MUTATIONS, {
  createFundingProgram: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($i: FundingProgramInput!) { createFundingProgram(input: $i) { id } }',
      variables: {
        i: {
          name: `Programme ${++counter}`,
          operatorId: orgA.id,
          validFrom: '2027-01-01',
          validTo: '2027-12-31',
          budgetCents: 100000,
        },
      },
    }),
  },
  addFundingContribution: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({
      query:
        'mutation($p: ID!, $i: FundingContributionInput!) { addFundingContribution(programId: $p, input: $i) { id } }',
      variables: { p: await newProgram(), i: { funderId: orgB.id, amountCents: 100 } },
    }),
  },
  setPassAccreditation: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({
      query:
        'mutation($o: ID!) { setPassAccreditation(organizationId: $o, role: PRESCRIBER, active: true) { active } }',
      variables: { o: orgA.id },
    }),
  },
  issueCarnet: {
    subgraph: 'funding',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: IssueCarnetInput!) { issueCarnet(input: $i) { id } }',
      variables: { i: await carnetInput() },
    }),
  },
  cancelCarnetPasses: {
    subgraph: 'funding',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($c: ID!) { cancelCarnetPasses(carnetId: $c) { passesCancelled } }',
      variables: { c: (await newCarnet()).id },
    }),
  },
  redeemPass: {
    subgraph: 'funding',
    allowed: ['admin', 'partnerA'],
    call: async () => ({ query: REDEEM, variables: { s: (await newCarnet()).passes[0].serial, t: orgA.id } }),
  },
  expirePasses: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({ query: 'mutation { expirePasses { passesExpired } }' }),
  },
  runPassReimbursementBatch: {
    subgraph: 'funding',
    allowed: ['admin'],
    call: async () => ({ query: 'mutation { runPassReimbursementBatch(month: "2020-01") { id } }' }),
  },
} satisfies Record<string, MutationCase>);

const personInput = () => ({
  role: 'AIDANT_NUMERIQUE',
  profession: 'SOCIAL_WORKER',
  firstName: `Aidant${++counter}`,
  lastName: 'Test',
  employerId: orgA.id,
  inseeCode: placeOfA.code_insee,
});
/** A La Coop structure the hub has not matched yet, with one imported report there (fixture, written directly). */
const newLacoopStructure = async () => {
  const sql = hub.subgraphs.people.db.orm.em.fork().getConnection();
  const [structureId, personId] = [randomUUID(), await newPerson()];
  await sql.execute(
    `insert into lacoop_structure (id, name, insee_code, modified_at, fetched_at) values (?, 'La Coop', ?, now(), now())`,
    [structureId, placeOfA.code_insee],
  );
  await sql.execute(
    `insert into activity (id, person_id, location_type, upstream_structure_id, insee_code, date, type, duration_minutes,
       themes, participants_count, source, upstream_id, fetched_at, created_at, updated_at)
     values (?, ?, 'lieu_activite', ?, ?, '2024-05-02', 'individuel', 30, '{email}', 1, 'lacoop', ?, now(), now(), now())`,
    [randomUUID(), personId, structureId, placeOfA.code_insee, randomUUID()],
  );
  return structureId;
};
const newPerson = async () => {
  const res = await admin('mutation($i: PersonInput!) { createPerson(input: $i) { id } }', {
    i: personInput(),
  });
  return res.data.createPerson.id as string;
};
const newPermanence = async () => {
  const res = await admin('mutation($i: PermanenceInput!) { createPermanence(input: $i) { id } }', {
    i: { personId: await newPerson(), placeId: placeOfA.id, openingHours: 'Tu 09:00-12:00' },
  });
  return res.data.createPermanence.id as string;
};

Object.assign(MUTATIONS, {
  createPerson: {
    subgraph: 'people',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: PersonInput!) { createPerson(input: $i) { id } }',
      variables: { i: personInput() },
    }),
  },
  updatePerson: {
    subgraph: 'people',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { updatePerson(id: $id, input: { firstName: "Renommé" }) { id } }',
      variables: { id: await newPerson() },
    }),
  },
  createPermanence: {
    subgraph: 'people',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: PermanenceInput!) { createPermanence(input: $i) { id } }',
      variables: { i: { personId: await newPerson(), placeId: placeOfA.id, openingHours: 'Th 14:00-17:00' } },
    }),
  },
  updatePermanence: {
    subgraph: 'people',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query:
        'mutation($id: ID!) { updatePermanence(id: $id, input: { openingHours: "Fr 09:00-12:00" }) { id } }',
      variables: { id: await newPermanence() },
    }),
  },
  deletePermanence: {
    subgraph: 'people',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($id: ID!) { deletePermanence(id: $id) }',
      variables: { id: await newPermanence() },
    }),
  },
  linkLacoopPlace: {
    subgraph: 'people',
    allowed: ['admin'],
    call: async () => ({
      query: 'mutation($u: ID!, $p: ID!) { linkLacoopPlace(upstreamPlaceId: $u, placeId: $p) }',
      variables: { u: await newLacoopStructure(), p: placeOfA.id },
    }),
  },
  recordActivity: {
    subgraph: 'people',
    allowed: ['admin', 'partnerA'],
    call: async () => ({
      query: 'mutation($i: ActivityInput!) { recordActivity(input: $i) { id } }',
      variables: {
        i: {
          personId: await newPerson(),
          locationType: 'LIEU_ACTIVITE',
          placeId: placeOfA.id,
          inseeCode: placeOfA.code_insee,
          date: '2026-11-02',
          type: 'INDIVIDUEL',
          durationMinutes: 30,
          themes: ['EMAIL'],
        },
      },
    }),
  },
} satisfies Record<string, MutationCase>);

describe('who may call each mutation', () => {
  it('covers every mutation of the supergraph', () => {
    const schema = buildSchema(readFileSync('schema/supergraph.graphql', 'utf8'), { assumeValidSDL: true });
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(Object.keys(MUTATIONS).sort());
  });

  const matrix = Object.entries(MUTATIONS).flatMap(([name, c]) =>
    ['gateway', c.subgraph ?? 'places'].flatMap((target) =>
      ROLES.map((caller) => [name, caller, target, c.allowed.includes(caller)] as const),
    ),
  );

  it.each(matrix)('%s as %s through %s: allowed=%s', async (name, caller, target, allowed) => {
    const { query, variables } = await MUTATIONS[name].call();
    const server = targets()[target];
    const before = await rowCounts(MUTATIONS[name].subgraph ?? 'places');
    const res = await graphql(server, query, variables, headers[caller]);
    if (allowed) {
      expect(res.errors).toBeUndefined();
      expect(res.data[name]).toBeTruthy();
    } else {
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.data?.[name] ?? null).toBeNull();
      expect(await rowCounts(MUTATIONS[name].subgraph ?? 'places')).toEqual(before);
    }
  });
});

/** Row count and latest update of every table of a subgraph: a denied mutation changes none. */
async function rowCounts(subgraph: string) {
  const em = hub.subgraphs[subgraph].db.orm.em.fork();
  const tables = await em
    .getConnection()
    .execute<{ table_name: string }[]>(
      "select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'updated_at' order by table_name",
    );
  const counts: string[] = [];
  for (const { table_name: table } of tables) {
    const [row] = await em
      .getConnection()
      .execute<{ n: string; u: string }[]>(
        `select count(*) as n, max(updated_at)::text as u from "${table}"`,
      );
    counts.push(`${table}:${row.n}:${row.u}`);
  }
  return counts;
}

describe('personal data', () => {
  const READERS: Caller[] = ['admin', 'partnerA'];

  it.each(
    ['gateway', 'people'].flatMap((target) =>
      ROLES.map((caller) => [caller, target, READERS.includes(caller)] as const),
    ),
  )(
    'a person’s last name, e-mail and phone as %s through %s: readable=%s',
    async (caller, target, readable) => {
      const id = await newPerson();
      const res = await graphql(
        targets()[target],
        'query($id: ID!) { person(id: $id) { firstName role lastName email phone } }',
        { id },
        headers[caller],
      );
      expect(res.data.person.firstName).toMatch(/^Aidant/);
      expect(res.data.person.role).toBe('AIDANT_NUMERIQUE');
      if (readable) {
        expect(res.errors).toBeUndefined();
        expect(res.data.person.lastName).toBe('Test');
      } else {
        expect(res.data.person.lastName).toBeNull();
        const denied = (res.errors ?? [])
          .filter((e) => e.extensions?.code === 'FORBIDDEN')
          .map((e) => e.path?.join('.'));
        expect(denied).toEqual(expect.arrayContaining(['person.lastName', 'person.email', 'person.phone']));
      }
    },
  );

  it.each(['gateway', 'funding'].flatMap((target) => ROLES.map((caller) => [caller, target] as const)))(
    'a carnet’s beneficiary profile as %s through %s',
    async (caller, target) => {
      const { id } = await newCarnet();
      const res = await graphql(
        targets()[target],
        'query($id: ID!) { carnet(id: $id) { id beneficiaryReference beneficiaryAgeBand } }',
        { id },
        headers[caller],
      );
      if (caller === 'public' || caller === 'partnerB') {
        // The ledger itself is closed to them.
        expect(res.data?.carnet ?? null).toBeNull();
        expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      } else if (READERS.includes(caller)) {
        expect(res.errors).toBeUndefined();
        expect(res.data.carnet.beneficiaryAgeBand).toBe('PLUS_60_ANS');
      } else {
        // Analysts and the préfecture read the ledger, never the beneficiary.
        expect(res.data.carnet.id).toBe(id);
        expect(res.data.carnet.beneficiaryReference).toBeNull();
        expect(res.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
      }
    },
  );

  it('never shares a deduplicated subgraph read between callers with different tokens', async () => {
    const id = await newPerson();
    const query = 'query($id: ID!) { person(id: $id) { firstName lastName } }';
    const callers: Caller[] = ['partnerA', 'public', 'partnerA', 'analyst', 'admin', 'partnerB'];
    const answers = await Promise.all(
      callers.map((caller) => graphql(hub.gateway.http, query, { id }, headers[caller])),
    );
    answers.forEach((res, i) => {
      expect(res.data.person.lastName).toBe(READERS.includes(callers[i]) ? 'Test' : null);
    });
  });

  it('shares identical concurrent reads of one caller in one subgraph fetch, never mutations', async () => {
    const fetches = () => hub.gateway.metrics.snapshot().subgraphFetches.places ?? 0;
    const before = fetches();
    await Promise.all(
      Array.from({ length: 10 }, () => hub.query('{ places(first: 5) { edges { node { id } } } }')),
    );
    expect(fetches() - before).toBeLessThan(10);
    const id = await newPlace(orgA.id);
    const beforeWrites = fetches();
    const writes = await Promise.all(
      Array.from({ length: 3 }, () =>
        graphql(
          hub.gateway.http,
          'mutation($id: ID!) { updatePlace(id: $id, input: { summary: "x" }) { id } }',
          { id },
          headers.admin,
        ),
      ),
    );
    expect(writes.every((w) => !w.errors)).toBe(true);
    expect(fetches() - beforeWrites).toBe(3);
  });

  it('reads no personal data with a forged token sent straight to the subgraph', async () => {
    const id = await newPerson();
    const forged = await sign({ role: 'admin' }, 'forged-secret-'.repeat(3));
    const res = await graphql(
      hub.subgraphs.people.server.http,
      'query($id: ID!) { person(id: $id) { lastName email } }',
      { id },
      { authorization: `Bearer ${forged}` },
    );
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
  });

  it('lists every field tagged personal-data in the supergraph, each nullable so a denial keeps the rest', () => {
    const doc = parse(readFileSync('schema/supergraph.graphql', 'utf8'));
    const tagged = doc.definitions
      .filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
      .flatMap((t) =>
        (t.fields ?? [])
          .filter((f) =>
            f.directives?.some((d) => d.name.value === 'tag' && JSON.stringify(d).includes('personal-data')),
          )
          .map((f) => ({
            type: t.name.value,
            field: f.name.value,
            nonNull: f.type.kind === Kind.NON_NULL_TYPE,
          })),
      );
    expect(tagged.filter((t) => t.nonNull)).toEqual([]);
  });
});
