/** Who may call each mutation of the people subgraph. */
import { randomUUID } from 'node:crypto';
import { admin, orgA, placeOfA, seq, type MutationCase, hub } from './setup';

export const personInput = () => ({
  role: 'AIDANT_NUMERIQUE',
  profession: 'SOCIAL_WORKER',
  firstName: `Aidant${++seq.n}`,
  lastName: 'Test',
  employerId: orgA.id,
  inseeCode: placeOfA.code_insee,
});
/** A La Coop structure the hub has not matched yet, with one imported report there (fixture, written directly). */
export const newLacoopStructure = async () => {
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
export const newPerson = async () => {
  const res = await admin('mutation($i: PersonInput!) { createPerson(input: $i) { id } }', {
    i: personInput(),
  });
  return res.data.createPerson.id as string;
};
export const newPermanence = async () => {
  const res = await admin('mutation($i: PermanenceInput!) { createPermanence(input: $i) { id } }', {
    i: { personId: await newPerson(), placeId: placeOfA.id, openingHours: 'Tu 09:00-12:00' },
  });
  return res.data.createPermanence.id as string;
};

export const PEOPLE_MUTATIONS = {
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
} satisfies Record<string, MutationCase>;
