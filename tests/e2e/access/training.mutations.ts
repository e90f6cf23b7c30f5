/** Who may call each mutation of the training subgraph. */
import { admin, orgA, placeOfA, seq, type MutationCase, hub } from './setup';

export const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
export const newOffer = async () => {
  const res = await admin('mutation($i: TrainingOfferInput!) { createTrainingOffer(input: $i) { id } }', {
    i: {
      title: `Atelier ${++seq.n}`,
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
export const sessionInput = (offerId: string) => ({
  offerId,
  startsAt: hours(48),
  endsAt: hours(50),
  placeId: placeOfA.id,
  inseeCode: placeOfA.code_insee,
  latitude: placeOfA.latitude,
  longitude: placeOfA.longitude,
  capacity: 10,
});
export const newSession = async () => {
  const res = await admin('mutation($i: TrainingSessionInput!) { createTrainingSession(input: $i) { id } }', {
    i: sessionInput(await newOffer()),
  });
  return res.data.createTrainingSession.id as string;
};
export const newRegistration = async () => {
  const res = await admin(
    'mutation($s: ID!, $p: String!) { registerForTrainingSession(sessionId: $s, participantRef: $p) { id } }',
    {
      s: await newSession(),
      p: `anon-${++seq.n}`,
    },
  );
  return res.data.registerForTrainingSession.id as string;
};
/** A registration to a past session of partner A's, from the seeds: attendance is recorded after the start. */
export const pastRegistrationOfA = async () => {
  const rows = await hub.subgraphs.training.db.orm.em
    .fork()
    .getConnection()
    .execute<{ id: string }[]>(
      `select r.id from registration r join training_session s on s.id = r.session_id join training_offer o on o.id = s.offer_id
     where o.provider_id = ? and s.starts_at < now() and r.cancelled_at is null order by r.id limit 1 offset ?`,
      [orgA.id, ++seq.n],
    );
  return rows[0].id;
};

export const TRAINING_MUTATIONS = {
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
      variables: { s: await newSession(), p: `anon-${++seq.n}` },
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
} satisfies Record<string, MutationCase>;
