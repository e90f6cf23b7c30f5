import { bearer } from '../../helpers/auth';
import { graphql, startSubgraph, type RunningSubgraph } from '../../helpers/hub';
import { subgraphs } from '../../../subgraphs/registry';
import { stableId } from '../../../seeds/ids';

let people: RunningSubgraph;
let admin: Record<string, string>;
const q = (query: string, variables?: Record<string, unknown>) =>
  graphql(people.server.http, query, variables, admin);
const rows = (sql: string, bindings: unknown[] = []) =>
  people.db.orm.em.fork().getConnection().execute<Record<string, unknown>[]>(sql, bindings);
const count = async (table: string) => Number((await rows(`select count(*) as n from ${table}`))[0].n);

beforeAll(async () => {
  admin = await bearer('admin');
  people = await startSubgraph(subgraphs.find((s) => s.definition.name === 'people')!);
});

afterAll(async () => {
  await people?.server.stop();
  await people?.db.close();
});

const ORGANIZATION = stableId('organization', 'departement-47');
const PLACE = stableId('place', 'cms:agen');
const CONSEILLER = stableId('person', 'conseiller-01');

const CREATE_PERSON =
  'mutation($input: PersonInput!) { createPerson(input: $input) { id role profession firstName lastName email aidantsConnectHabilitated aidantsConnectHabilitatedOn employer { id } } }';
const UPDATE_PERSON =
  'mutation($id: ID!, $input: PersonInput!) { updatePerson(id: $id, input: $input) { id role profession aidantsConnectHabilitated aidantsConnectHabilitatedOn } }';
const CREATE_PERMANENCE =
  'mutation($input: PermanenceInput!) { createPermanence(input: $input) { id openingHours person { id } place { id } } }';
const UPDATE_PERMANENCE =
  'mutation($id: ID!, $input: PermanenceInput!) { updatePermanence(id: $id, input: $input) { id openingHours note } }';
const RECORD_ACTIVITY =
  'mutation($input: ActivityInput!) { recordActivity(input: $input) { id inseeCode type themes participantsCount place { id } } }';

const validAidant = {
  role: 'AIDANT_NUMERIQUE',
  profession: 'SOCIAL_WORKER',
  firstName: 'Aline',
  lastName: 'Testeuse',
  email: 'aline.testeuse@declic47.example',
  phone: '+33553000001',
  inseeCode: '47001',
  employerId: ORGANIZATION,
  aidantsConnectHabilitated: true,
  aidantsConnectHabilitatedOn: '2025-03-01',
  certifications: ['PIX'],
  trainingStatus: 'COMPLETED',
};

const validActivity = {
  personId: CONSEILLER,
  locationType: 'LIEU_ACTIVITE',
  placeId: PLACE,
  inseeCode: '47001',
  date: '2026-11-02',
  type: 'INDIVIDUEL',
  durationMinutes: 45,
  themes: ['EMAIL', 'SECURITE_NUMERIQUE'],
  equipment: ['TELEPHONE'],
  autonomy: 'PARTIELLEMENT_AUTONOME',
  participantAgeBand: 'AGE_PLUS_60_ANS',
  participantSocialStatus: 'STATUT_RETRAITE',
  participantInseeCode: '47001',
};

/** Runs a mutation that must be refused: BAD_USER_INPUT naming `field`, and the table unchanged. */
async function expectRefused(
  table: string,
  query: string,
  variables: Record<string, unknown>,
  field: string,
) {
  const before = await rows(`select * from ${table} order by id`);
  const res = await q(query, variables);
  expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(res.data?.[Object.keys(res.data ?? {})[0]] ?? null).toBeNull();
  expect(await rows(`select * from ${table} order by id`)).toEqual(before);
}

describe('person mutations', () => {
  it('creates an aidant with a habilitation', async () => {
    const res = await q(CREATE_PERSON, { input: validAidant });
    expect(res.errors).toBeUndefined();
    expect(res.data.createPerson).toMatchObject({
      role: 'AIDANT_NUMERIQUE',
      profession: 'SOCIAL_WORKER',
      aidantsConnectHabilitated: true,
      aidantsConnectHabilitatedOn: '2025-03-01',
      employer: { id: ORGANIZATION },
    });
  });

  it.each([
    ['an aidant without profession', { ...validAidant, email: null, profession: null }, 'input.profession'],
    ['an unknown commune', { ...validAidant, email: null, inseeCode: '75056' }, 'input.inseeCode'],
    ['a malformed e-mail', { ...validAidant, email: 'not-an-email' }, 'input.email'],
    ['an e-mail already taken', { ...validAidant, email: 'ALINE.testeuse@declic47.example' }, 'input.email'],
    ['a phone outside E.164', { ...validAidant, email: null, phone: '05 53 00 00 00' }, 'input.phone'],
    ['a malformed employer id', { ...validAidant, email: null, employerId: 'caf' }, 'input.employerId'],
    ['an empty first name', { ...validAidant, email: null, firstName: '  ' }, 'input.firstName'],
    ['a missing last name', { ...validAidant, email: null, lastName: null }, 'input.lastName'],
    [
      'a habilitation without date',
      { ...validAidant, email: null, aidantsConnectHabilitatedOn: null },
      'input.aidantsConnectHabilitatedOn',
    ],
    [
      'a habilitation date in the future',
      { ...validAidant, email: null, aidantsConnectHabilitatedOn: '2999-01-01' },
      'input.aidantsConnectHabilitatedOn',
    ],
  ])('refuses to create a person with %s and writes nothing', async (_label, input, field) => {
    await expectRefused('person', CREATE_PERSON, { input }, field);
  });

  it('updates only the fields given', async () => {
    const res = await q(UPDATE_PERSON, { id: CONSEILLER, input: { aidantsConnectHabilitated: false } });
    expect(res.errors).toBeUndefined();
    expect(res.data.updatePerson).toMatchObject({
      role: 'CONSEILLER_NUMERIQUE',
      aidantsConnectHabilitated: false,
      aidantsConnectHabilitatedOn: null,
    });
  });

  it.each([
    ['an unknown id', { id: '00000000-0000-4000-8000-000000000000', input: { firstName: 'X' } }, 'id'],
    ['a null role', { id: CONSEILLER, input: { role: null } }, 'input.role'],
    [
      'aidant role without profession',
      { id: CONSEILLER, input: { role: 'AIDANT_NUMERIQUE' } },
      'input.profession',
    ],
    ['an unknown commune', { id: CONSEILLER, input: { inseeCode: '99999' } }, 'input.inseeCode'],
  ])('refuses to update a person with %s and writes nothing', async (_label, variables, field) => {
    await expectRefused('person', UPDATE_PERSON, variables, field);
  });
});

describe('permanence mutations', () => {
  let permanenceId: string;

  it('creates a permanence at a place', async () => {
    const res = await q(CREATE_PERMANENCE, {
      input: {
        personId: CONSEILLER,
        placeId: stableId('place', 'bib:47001'),
        openingHours: 'Sa 09:00-12:00',
      },
    });
    expect(res.errors).toBeUndefined();
    permanenceId = res.data.createPermanence.id;
    expect(res.data.createPermanence.place.id).toBe(stableId('place', 'bib:47001'));
  });

  it('updates its schedule and note', async () => {
    const res = await q(UPDATE_PERMANENCE, {
      id: permanenceId,
      input: { openingHours: 'Sa 09:30-12:00', note: 'Sur rendez-vous' },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.updatePermanence).toMatchObject({
      openingHours: 'Sa 09:30-12:00',
      note: 'Sur rendez-vous',
    });
  });

  it.each([
    [
      'an invalid schedule',
      { personId: CONSEILLER, placeId: PLACE, openingHours: 'sometimes' },
      'input.openingHours',
    ],
    [
      'an unknown person',
      { personId: '00000000-0000-4000-8000-000000000000', placeId: PLACE, openingHours: 'Mo 09:00-12:00' },
      'input.personId',
    ],
    [
      'a malformed place id',
      { personId: CONSEILLER, placeId: 'cms', openingHours: 'Mo 09:00-12:00' },
      'input.placeId',
    ],
    ['a missing schedule', { personId: CONSEILLER, placeId: PLACE }, 'input.openingHours'],
    [
      'a second permanence at the same place',
      { personId: CONSEILLER, placeId: stableId('place', 'bib:47001'), openingHours: 'Mo 09:00-12:00' },
      'input.placeId',
    ],
    [
      'a note over 280 characters',
      { personId: CONSEILLER, placeId: PLACE, openingHours: 'Mo 09:00-12:00', note: 'x'.repeat(281) },
      'input.note',
    ],
  ])('refuses to create a permanence with %s and writes nothing', async (_label, input, field) => {
    await expectRefused('permanence', CREATE_PERMANENCE, { input }, field);
  });

  it('refuses to update a permanence with an invalid schedule or an unknown id, and writes nothing', async () => {
    await expectRefused(
      'permanence',
      UPDATE_PERMANENCE,
      { id: permanenceId, input: { openingHours: 'Mo 25:00-26:00' } },
      'input.openingHours',
    );
    await expectRefused(
      'permanence',
      UPDATE_PERMANENCE,
      { id: '00000000-0000-4000-8000-000000000000', input: { note: 'x' } },
      'id',
    );
  });
});

describe('recording activities', () => {
  it('records an individual activity at a place', async () => {
    const before = await count('activity');
    const res = await q(RECORD_ACTIVITY, { input: validActivity });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordActivity).toMatchObject({
      inseeCode: '47001',
      type: 'INDIVIDUEL',
      themes: ['EMAIL', 'SECURITE_NUMERIQUE'],
      participantsCount: 1,
      place: { id: PLACE },
    });
    expect(await count('activity')).toBe(before + 1);
  });

  it('places remote help in the participant’s commune', async () => {
    const res = await q(RECORD_ACTIVITY, {
      input: {
        ...validActivity,
        locationType: 'A_DISTANCE',
        placeId: null,
        inseeCode: null,
        participantInseeCode: '47157',
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.recordActivity).toMatchObject({ inseeCode: '47157', place: null });
  });

  it.each([
    ['an unknown person', { personId: '00000000-0000-4000-8000-000000000000' }, 'input.personId'],
    ['help at a place without place', { placeId: null }, 'input.placeId'],
    ['a remote help with a place', { locationType: 'A_DISTANCE' }, 'input.placeId'],
    ['an unknown commune', { inseeCode: '75056' }, 'input.inseeCode'],
    ['an unknown participant commune', { participantInseeCode: '33063' }, 'input.participantInseeCode'],
    ['a date in the future', { date: '2999-01-01' }, 'input.date'],
    ['an impossible date', { date: '2026-02-30' }, 'input.date'],
    ['a zero duration', { durationMinutes: 0 }, 'input.durationMinutes'],
    ['no theme', { themes: [] }, 'input.themes'],
    ['several participants to individual help', { participantsCount: 3 }, 'input.participantsCount'],
    ['a workshop level on individual help', { workshopLevel: 'DEBUTANT' }, 'input.workshopLevel'],
    ['no equipment alongside a computer', { equipment: ['AUCUN', 'ORDINATEUR'] }, 'input.equipment'],
    ['an unknown theme', { themes: ['COOKING'] }, undefined],
  ])('refuses an activity with %s and writes nothing', async (_label, change, field) => {
    const before = await count('activity');
    const res = await q(RECORD_ACTIVITY, { input: { ...validActivity, ...change } });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    if (field) expect(res.errors?.[0].extensions?.field).toBe(field);
    expect(await count('activity')).toBe(before);
  });

  it('refuses a collective workshop of 600 participants', async () => {
    const before = await count('activity');
    const res = await q(RECORD_ACTIVITY, {
      input: { ...validActivity, type: 'COLLECTIF', participantsCount: 600, autonomy: null },
    });
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.participantsCount',
    });
    expect(await count('activity')).toBe(before);
  });
});
